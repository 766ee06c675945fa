"""The deployment artifacts, checked offline: no container engine or cluster runs here."""

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from redis.connection import parse_url

from campus.assembly.config import variables_read
from campus.process.event_worker_types import worker_types
from campus.process.redis_server import RedisServer
from campus.registry import SERVICES

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
KUBERNETES = DEPLOY / "kubernetes"
BIN = Path(sys.executable).parent
NAMES = [s.name for s in SERVICES]
WORKERS = worker_types()  # enrollments-relay, enrollments-worker...: name -> (role, service)


def _generator():
    spec = importlib.util.spec_from_file_location("deploy_generate", DEPLOY / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _compose(name: str = "compose.yaml") -> dict:
    return yaml.safe_load((DEPLOY / name).read_text())


def _manifests() -> list[dict]:
    documents = []
    for path in sorted(KUBERNETES.glob("*.yaml")):
        documents += [d for d in yaml.safe_load_all(path.read_text()) if d]
    return documents


def _of_kind(kind: str) -> dict[str, dict]:
    return {d["metadata"]["name"]: d for d in _manifests() if d["kind"] == kind}


def test_the_committed_files_are_what_the_generator_writes_from_the_registry():
    for relative, text in _generator().rendered().items():
        assert (DEPLOY / relative).read_text() == text, (
            f"run python deploy/generate.py ({relative})"
        )


def test_both_compose_files_are_valid_against_the_compose_specification():
    command = [BIN / "check-jsonschema", "--builtin-schema", "vendor.compose-spec"]
    files = [DEPLOY / "compose.yaml", DEPLOY / "compose.monolith.yaml"]
    done = subprocess.run([*command, *files], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_monolith_compose_file_runs_one_web_process_and_every_worker_as_the_monolith():
    services = _compose("compose.monolith.yaml")["services"]
    web = ["migrate-monolith", "monolith-pod", "monolith", "monolith-proxy"]
    assert list(services) == ["postgres", "redis", *web, *WORKERS]
    assert sorted(services["monolith"]["environment"]) == sorted(variables_read("monolith"))
    for name in ["migrate-monolith", "monolith", *WORKERS]:
        environment = services[name]["environment"]
        assert environment["CAMPUS_SERVICE"] == "monolith", name
        assert environment["DATABASE_URL"].endswith("@postgres:5432/monolith"), name
    for name in WORKERS:  # as `campus up --arch monolith` runs them
        assert services[name]["command"] == ["campus", *WORKERS[name]]
        assert "migrate-monolith" in services[name]["depends_on"]
    init = (DEPLOY / "postgres" / "init.monolith.sql").read_text()
    assert "CREATE DATABASE monolith OWNER monolith;" in init
    assert services["postgres"]["volumes"][0].startswith("./postgres/init.monolith.sql:")


def test_kubernetes_manifests_are_valid_against_the_kubernetes_schemas():
    files = sorted(p for p in KUBERNETES.glob("*.yaml") if p.name != "kustomization.yaml")
    command = [BIN / "kubernetes-validate", "--strict", "--no-warn", *files]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    kinds = [d for d in _manifests() if d["kind"] != "Kustomization"]
    assert done.stdout.count("passed for resource") == len(kinds)


def test_the_kustomization_lists_every_manifest():
    kustomization = yaml.safe_load((KUBERNETES / "kustomization.yaml").read_text())
    listed = set(kustomization["resources"])
    assert listed == {p.name for p in KUBERNETES.glob("*.yaml")} - {"kustomization.yaml"}


def test_every_service_has_a_compose_service_a_deployment_and_a_service():
    assert set(NAMES) | set(WORKERS) | {"redis"} <= set(_compose()["services"])
    assert set(NAMES) | set(WORKERS) <= set(_of_kind("Deployment"))
    assert set(NAMES) <= set(_of_kind("Service"))


def test_every_service_that_owns_data_migrates_in_a_release_step_before_it_runs():
    compose = _compose()["services"]
    jobs = _of_kind("Job")
    for spec in SERVICES:
        if not spec.owns_data:
            continue
        migrate = compose[f"migrate-{spec.name}"]
        assert migrate["command"] == ["python", "-m", "campus.process.release"]
        condition = compose[spec.name]["depends_on"][f"migrate-{spec.name}"]["condition"]
        assert condition == "service_completed_successfully"
        container = jobs[f"migrate-{spec.name}"]["spec"]["template"]["spec"]["containers"][0]
        assert container["command"] == ["python", "-m", "campus.process.release"]


# (process name in compose and Kubernetes, the service whose settings it runs under)
PROCESSES = [(n, n) for n in NAMES] + [(name, service) for name, (_, service) in WORKERS.items()]


@pytest.mark.parametrize(("name", "service"), PROCESSES)
def test_compose_sets_every_variable_the_settings_read(name, service):
    environment = _compose()["services"][name]["environment"]
    assert sorted(environment) == sorted(variables_read(service))
    assert environment["CAMPUS_SERVICE"] == service


@pytest.mark.parametrize(("name", "service"), PROCESSES)
def test_kubernetes_sets_every_variable_the_settings_read(name, service):
    config = _of_kind("ConfigMap")["campus-config"]["data"]
    secret = _of_kind("Secret")["campus-secrets"]["stringData"]
    container = _of_kind("Deployment")[name]["spec"]["template"]["spec"]["containers"][0]
    assert container["envFrom"] == [{"configMapRef": {"name": "campus-config"}}]
    named = {}
    for entry in container["env"]:
        if "valueFrom" in entry:
            key = entry["valueFrom"]["secretKeyRef"]["key"]
            assert key in secret, f"{entry['name']} refers to a missing secret key {key}"
        named[entry["name"]] = entry
    for variable in variables_read(service):
        assert variable in named or variable in config, f"{name} gets no {variable}"
    assert "REDIS_URL" not in config  # its password with it, in the Secret
    assert secret["REDIS_URL"].startswith("redis://:replace-me@")


def _option(command: list[str], name: str) -> str | None:
    return command[command.index(name) + 1] if name in command else None


def test_compose_redis_keeps_the_durability_and_the_password_of_campus_ups_redis():
    server = RedisServer(appendonly=True, password="given")  # what `campus up` starts
    try:
        ours = server.command()
    finally:
        server.close()
    redis = _compose()["services"]["redis"]
    for option in ("--appendonly", "--appendfsync"):  # an append-only file, synced each write
        assert _option(redis["command"], option) == _option(ours, option), option
    password = _option(redis["command"], "--requirepass")
    assert password
    assert _option(ours, "--requirepass") == "given"
    assert redis["environment"]["REDISCLI_AUTH"] == password  # its healthcheck signs in
    for name, service in _compose()["services"].items():
        url = service.get("environment", {}).get("REDIS_URL")
        if url:
            assert parse_url(url)["password"] == password, name


def test_every_worker_runs_the_one_image_with_its_command_after_redis_is_healthy():
    services = _compose()["services"]
    assert services["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    deployments, kube_services = _of_kind("Deployment"), _of_kind("Service")
    assert set(WORKERS) == {
        "catalog-relay",
        "enrollments-relay",
        "enrollments-worker",
        "credentials-relay",
        "credentials-consumer",
        "dashboard-consumer",
    }
    for name, (role, service) in WORKERS.items():
        command = ["campus", role, service]
        assert services[name]["command"] == command
        assert services[name]["image"] == services[service]["image"]
        assert services[name]["depends_on"]["redis"] == {"condition": "service_healthy"}
        assert services[name]["depends_on"][f"migrate-{service}"] == {
            "condition": "service_completed_successfully"
        }
        assert "ports" not in services[name]
        container = deployments[name]["spec"]["template"]["spec"]["containers"][0]
        assert container["command"] == command
        assert container["image"] == "campus:latest"
        assert "ports" not in container
        assert name not in kube_services  # nothing calls a worker


def test_compose_starts_again_every_long_running_process_that_dies_and_no_release_step():
    services = _compose()["services"]
    for name in [*NAMES, *WORKERS]:
        assert services[name]["restart"] == "unless-stopped", name
    for name in [n for n in services if n.startswith("migrate-")]:
        assert "restart" not in services[name], name  # a release step runs once, to completion


def test_every_web_deployment_probes_health_and_every_container_requests_resources():
    for name, deployment in _of_kind("Deployment").items():
        containers = deployment["spec"]["template"]["spec"]["containers"]
        for container in containers:
            assert set(container["resources"]["requests"]) == {"cpu", "memory"}, name
            assert container["securityContext"]["runAsNonRoot"] is True
        if name in WORKERS:
            continue
        app, proxy = containers
        # Ready once /health/ready answers through nginx (its databases, its own token);
        # gunicorn restarted only when it stops answering /health/live, which touches nothing.
        assert proxy["readinessProbe"]["httpGet"] == {
            "path": "/health/ready",
            "port": 8000,
            "httpHeaders": [{"name": "Host", "value": "localhost"}],
        }
        assert "http://127.0.0.1:8001/health/live'" in app["livenessProbe"]["exec"]["command"][-1]


def test_every_worker_has_a_liveness_probe_reading_its_heartbeat_in_both_files():
    services, deployments = _compose()["services"], _of_kind("Deployment")
    for name, (role, service) in WORKERS.items():
        probe = ["python", "-m", "campus.assembly.heartbeat", role, service]
        container = deployments[name]["spec"]["template"]["spec"]["containers"][0]
        assert container["livenessProbe"]["exec"]["command"] == probe
        assert services[name]["healthcheck"]["test"] == ["CMD", *probe]


def test_no_pod_of_a_service_that_owns_data_runs_before_the_release_migrated_its_database():
    # The Job migrates; each new Pod's init container (run to completion before any of its
    # containers starts) waits for that, so no code runs on a schema older than itself.
    jobs, deployments = _of_kind("Job"), _of_kind("Deployment")
    for name, deployment in deployments.items():
        service = WORKERS[name][1] if name in WORKERS else name
        pod = deployment["spec"]["template"]["spec"]
        if not any(s.owns_data for s in SERVICES if s.name == service):
            assert "initContainers" not in pod, name
            continue
        [wait] = pod["initContainers"]
        assert wait["command"] == ["python", "-m", "campus.process.migrations_wait"], name
        assert wait["image"] == pod["containers"][0]["image"]
        # It reads the database the Job migrates, as the same service.
        job = jobs[f"migrate-{service}"]["spec"]["template"]["spec"]["containers"][0]
        assert _env_of(wait)["CAMPUS_SERVICE"] == _env_of(job)["CAMPUS_SERVICE"] == service
        assert _env_of(wait)["DATABASE_URL"] == _env_of(job)["DATABASE_URL"]


def _env_of(container: dict) -> dict:
    return {e["name"]: e.get("value") or str(e.get("valueFrom")) for e in container["env"]}


def test_every_web_process_is_reached_through_its_own_nginx_reading_one_configuration():
    generator = _generator()
    compose = _compose()["services"]
    config = _of_kind("ConfigMap")["campus-proxy"]["data"]
    files = {p.name: p.read_text() for p in (DEPLOY / "proxy").iterdir()}
    assert config == files == generator.proxy_files()
    assert "listen 8000;" in config["nginx.conf"]
    assert "server 127.0.0.1:8001;" in config["nginx.conf"]
    for name in NAMES:
        sidecar = compose[f"{name}-proxy"]
        assert sidecar["command"] == ["nginx", "-e", "stderr", "-c", "/etc/campus-proxy/nginx.conf"]
        assert sidecar["volumes"] == ["./proxy:/etc/campus-proxy:ro"]
        pod = _of_kind("Deployment")[name]["spec"]["template"]["spec"]
        proxy = pod["containers"][1]
        assert proxy["command"] == sidecar["command"]
        assert proxy["ports"] == [{"name": "http", "containerPort": 8000}]
        assert pod["volumes"] == [{"name": "campus-proxy", "configMap": {"name": "campus-proxy"}}]
        assert "ports" not in pod["containers"][0]  # gunicorn: the Pod's 127.0.0.1 only
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert '"--bind=127.0.0.1:8001"' in re.findall(r"^CMD\s+(.+)$", dockerfile, re.MULTILINE)[-1]
    assert "apt-get install -y --no-install-recommends nginx" in dockerfile


@pytest.mark.parametrize("name", [*NAMES, "monolith"])
def test_a_web_process_and_its_proxy_join_the_namespace_of_a_pod_service_that_holds_its_port(
    name,
):
    compose = _compose("compose.monolith.yaml" if name == "monolith" else "compose.yaml")
    pod, services = compose["services"][f"{name}-pod"], compose["services"]
    # As a Pod's pause container: it runs nothing, so it never restarts, and whichever of the
    # two restarts rejoins it; its neighbours call it by the web process's name.
    assert pod["command"] == ["sleep", "infinity"]
    assert "restart" not in pod
    assert pod["networks"] == {"default": {"aliases": [name]}}
    assert pod["ports"][0].startswith("127.0.0.1:")
    assert pod["ports"][0].endswith(":8000")
    for member in (name, f"{name}-proxy"):
        assert services[member]["network_mode"] == f"service:{name}-pod"
        assert services[member]["depends_on"][f"{name}-pod"] == {"condition": "service_started"}
        assert services[member]["restart"] == "unless-stopped"
        assert "ports" not in services[member]


def test_compose_waits_for_healthy_neighbours_and_database():
    services = _compose()["services"]
    for spec in SERVICES:
        depends = services[spec.name].get("depends_on", {})
        for callee in spec.calls:
            assert depends[callee] == {"condition": "service_healthy"}
        assert "healthcheck" in services[spec.name]
    for name, service in services.items():
        if name.startswith("migrate-"):
            assert service["depends_on"]["postgres"] == {"condition": "service_healthy"}


def test_the_image_runs_gunicorn_as_a_user_that_is_not_root_and_does_not_migrate():
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    users = re.findall(r"^USER\s+(\S+)", dockerfile, re.MULTILINE)
    assert users
    assert users[-1] not in ("root", "0")
    command = re.findall(r"^CMD\s+(.+)$", dockerfile, re.MULTILINE)[-1]
    assert "gunicorn" in command
    assert "migrate" not in command
    assert "release" not in command
