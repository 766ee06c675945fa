"""``python -m campus.containers up|down``: what ``make containers`` and ``make
containers-down`` run (see `campus.containers`); ``kube|kube-down``: the Kubernetes base played
by podman instead (`campus.containers.kube`)."""

import argparse
import json
import sys

from .compose import ComposeRun
from .engine import say
from .kube import KubePlay
from .platform import compose_platform, images_made

__all__ = ["main"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m campus.containers")
    parser.add_argument("action", choices=["up", "down", "kube", "kube-down"])
    args = parser.parse_args(argv)
    if args.action == "up":
        run, platform = compose_platform(quiet=False)
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
        run = ComposeRun(environ={"CAMPUS_IDENTITY_PRIVATE_KEY": "unused by down"})
        run.down()
        left = run.leftovers()
        say(f"removed; left: {left or 'nothing'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
