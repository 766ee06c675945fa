"""The Kubernetes base (deploy/kubernetes) played by ``podman kube play``, what this machine
can run of it.

    >>> with KubePlay(images) as platform:          # doctest: +SKIP
    ...     journey_run(platform, http)

``kubectl kustomize deploy/kubernetes`` renders the manifests; podman 4.3 plays their Pods,
Deployments, ConfigMaps and Secrets, not Jobs or Services. So, for this machine only (what a
deployer's overlay would say), the rendered documents are changed before playing:

- the Secret gets real values (the databases' URLs as compose has them, fresh keys);
- every container uses the image built here (``imagePullPolicy: Never``: no registry);
- each migration Job's pod template is played as a Pod of its own, run once to its end before
  any Deployment starts: what the Job would do, the way podman can; so the Deployments' init
  containers, which wait for that end, are left out (podman 4.3 fails to remove one that runs);
- a Service's name is the network alias of its Deployment's pod, as cluster DNS would answer,
  and each proxy's port is published on 127.0.0.1 (``hostPort``) for the host to reach it.

PostgreSQL and Redis, which the base leaves to the cluster's operator, run as containers on
the same network from the images `make containers` makes.

Longer than most modules: each of those changes is a short step of one bring-up, read in order.
"""

import base64
import json
import os
import secrets
import subprocess
import tempfile
from pathlib import Path

import yaml

from campus.assembly.config import DEMO_PASSWORD, PRIVATE_KEY
from campus.tokens.keys import private_key_generate
from campus.waits import wait_until

from .compose import ComposeRun, _answers
from .engine import DEPLOY, podman, podman_out, say
from .platform import Platform

__all__ = ["KubePlay", "rendered"]

NETWORK = "campus-kube"
LABEL = "app.kubernetes.io/part-of=campus"
FIRST_PORT = 8101  # the proxies' ports on 127.0.0.1, beside compose's 8001...


def rendered() -> list[dict]:
    """The documents ``kubectl kustomize deploy/kubernetes`` prints."""
    text = subprocess.run(
        ["kubectl", "kustomize", str(DEPLOY / "kubernetes")],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return [d for d in yaml.safe_load_all(text) if d]


class KubePlay:
    """The Deployments, ConfigMaps and Secret played in pods, the migrations run first."""

    def __init__(self, images: dict[str, str]):
        self.images = images
        self.compose = ComposeRun(environ={**os.environ, **images, PRIVATE_KEY: "unused"})
        self.documents = rendered()
        self.demo_password = secrets.token_urlsafe(12)
        self.redis_password = secrets.token_urlsafe(16)
        self.urls: dict[str, str] = {}
        self._folder = tempfile.TemporaryDirectory(prefix="campus-kube-")

    def _of_kind(self, kind: str) -> list[dict]:
        return [d for d in self.documents if d["kind"] == kind]

    def _secret(self) -> None:
        [secret] = self._of_kind("Secret")
        data = secret["stringData"]
        for key in data:
            data[key] = secrets.token_urlsafe(32)
        data[PRIVATE_KEY] = private_key_generate()
        data["REDIS_URL"] = (
            f"redis://:{self.redis_password}@redis:6379/0"  # a URL, with its password
        )
        if DEMO_PASSWORD in data:
            data[DEMO_PASSWORD] = self.demo_password
        for name, service in self.compose.services.items():
            if name.startswith("migrate-"):  # the URLs of compose, which init.sql matches
                url = service["environment"]["DATABASE_URL"]
                data[f"{name.removeprefix('migrate-')}-database-url"] = url

    def _pods(self, template: dict, name: str) -> list[dict]:
        # Played here, the migrations have run to their end before any Deployment: the init
        # container that waits for them has nothing to wait for, and podman 4.3 fails a pod
        # whose init container it tries to remove while it still runs.
        template["spec"].pop("initContainers", None)
        for container in template["spec"]["containers"]:
            container["imagePullPolicy"] = "Never"
            for port in container.get("ports", []):
                port["hostPort"], port["hostIP"] = FIRST_PORT + len(self.urls), "127.0.0.1"
                self.urls[name] = f"http://127.0.0.1:{port['hostPort']}"
        return template

    def _play(self, name: str, documents: list[dict], *network: str) -> None:
        path = Path(self._folder.name) / f"{name}.yaml"
        path.write_text(yaml.safe_dump_all(documents))
        podman("kube", "play", *network, str(path), check=True)

    def up(self, *, timeout: float = 300) -> "KubePlay":
        self._secret()
        # podman 4.3 stores a Secret it plays as YAML, but reads the podman secret a
        # secretKeyRef names as JSON, key -> base64 value: so the Secret is given that way.
        [secret] = self._of_kind("Secret")
        path = Path(self._folder.name) / "secret.json"
        values = {k: base64.b64encode(v.encode()).decode() for k, v in secret["stringData"].items()}
        path.write_text(json.dumps(values))
        podman("secret", "create", secret["metadata"]["name"], str(path), check=True)
        configs = self._of_kind("ConfigMap")
        if podman("network", "exists", NETWORK).returncode:
            podman_out("network", "create", "--label", LABEL, NETWORK)
        self._backing()
        ready = ["exec", "campus-kube-postgres", "pg_isready", "-U", "postgres"]
        wait_until(
            lambda: podman(*ready).returncode == 0,
            timeout=timeout, interval=0.5, what="PostgreSQL to accept connections",
        )  # fmt: skip
        for job in self._of_kind("Job"):
            name = job["metadata"]["name"]
            template = self._pods(job["spec"]["template"], name)
            template["spec"]["restartPolicy"] = "Never"
            pod = {
                "apiVersion": "v1",
                "kind": "Pod",
                "metadata": {"name": name, "labels": {"app.kubernetes.io/part-of": "campus"}},
                "spec": template["spec"],
            }
            self._play(name, [*configs, pod], "--network", f"{NETWORK}:alias={name}")
        for job in self._of_kind("Job"):
            self._finished(job["metadata"]["name"], timeout)
        for deployment in self._of_kind("Deployment"):
            name = deployment["metadata"]["name"]
            self._pods(deployment["spec"]["template"], name)
            self._play(name, [*configs, deployment], "--network", f"{NETWORK}:alias={name}")
        say("every pod started; waiting for readiness: polling /health through 127.0.0.1 ports")
        for url in self.urls.values():
            wait_until(
                lambda url=url: _answers(url + "/health"),
                timeout=timeout,
                interval=0.5,
                what=f"{url}/health",
            )
        return self

    def _backing(self) -> None:
        """PostgreSQL (as ``db``, the Secret's host, and ``postgres``) and Redis."""
        init = DEPLOY / "postgres" / "init.sql"
        postgres = self.compose.services["postgres"]
        args = ["run", "--detach", "--label", LABEL, "--network", NETWORK]
        podman(
            *args,
            "--name",
            "campus-kube-postgres",
            "--network-alias",
            "db",
            "--network-alias",
            "postgres",
            "--env",
            f"POSTGRES_PASSWORD={postgres['environment']['POSTGRES_PASSWORD']}",
            "--volume",
            f"{init}:/docker-entrypoint-initdb.d/init.sql:ro",
            self.images["CAMPUS_POSTGRES_IMAGE"],
            check=True,
        )
        podman(
            *args,
            "--name",
            "campus-kube-redis",
            "--network-alias",
            "redis",
            self.images["CAMPUS_REDIS_IMAGE"],
            *_with_password(self.compose.services["redis"]["command"], self.redis_password),
            check=True,
        )

    def _finished(self, pod: str, timeout: float) -> None:
        container = f"{pod}-{pod.removeprefix('migrate-')}"
        code = podman_out("wait", container)
        if code != "0":
            logs = podman("logs", container)
            raise RuntimeError(f"{pod} exited {code}:\n{logs.stdout}{logs.stderr}")

    def down(self) -> None:
        pods = podman_out("pod", "ps", "--quiet", "--filter", f"label={LABEL}").split()
        if pods:
            podman("pod", "rm", "--force", "--time", "2", *pods)
        for name in ("campus-kube-postgres", "campus-kube-redis"):
            podman("rm", "--force", "--time", "2", name)
        podman("network", "rm", "--force", NETWORK)
        podman("secret", "rm", "campus-secrets")
        for config in self._of_kind("ConfigMap"):  # kube play keeps a mounted one as a volume
            podman("volume", "rm", "--force", config["metadata"]["name"])
        self._folder.cleanup()

    def platform(self) -> Platform:
        return Platform(self.urls, self.demo_password)

    def __enter__(self) -> Platform:
        self.up()
        return self.platform()

    def __exit__(self, *exc) -> None:
        self.down()


def _with_password(command: list[str], password: str) -> list[str]:
    """Compose's Redis command (its durability, its password), with ``password`` as the one the
    Secret's ``REDIS_URL`` carries."""
    command = list(command)
    command[command.index("--requirepass") + 1] = password
    return command
