"""``python -m campus.containers up|down [--arch monolith]``: what ``make containers`` and
``make containers-down`` run (see `campus.containers`); ``down`` without ``--arch`` removes both
architectures' containers. ``kube|kube-down``: the Kubernetes base played by podman instead
(`campus.containers.kube`)."""

import argparse
import json
import sys

from campus.assembly.config import PRIVATE_KEY

from .compose import ComposeRun
from .engine import COMPOSE_FILES, say
from .kube import KubePlay
from .platform import compose_platform, images_made

__all__ = ["main"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m campus.containers")
    parser.add_argument("action", choices=["up", "down", "kube", "kube-down"])
    parser.add_argument(
        "--arch", choices=sorted(COMPOSE_FILES), help="up: microservices unless given; down: both"
    )
    args = parser.parse_args(argv)
    if args.action == "up":
        run, platform = compose_platform(arch=args.arch or "microservices", quiet=False)
        print(json.dumps(platform.urls))
        say(f"demo accounts sign in with password {platform.demo_password}")
        say("`make containers-down` removes every container, network and volume made")
    elif args.action == "kube":
        platform = KubePlay(images_made()).up().platform()
        print(json.dumps(platform.urls))
        say(f"demo accounts sign in with password {platform.demo_password}")
    elif args.action == "kube-down":
        KubePlay({}).down()
    else:
        for arch in [args.arch] if args.arch else COMPOSE_FILES:
            run = ComposeRun(COMPOSE_FILES[arch], environ={PRIVATE_KEY: "unused by down"})
            run.down()
            say(f"{arch}: removed; left: {run.leftovers() or 'nothing'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
