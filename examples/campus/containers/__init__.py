"""The deploy files, run: campus's image, compose file and Kubernetes manifests under podman.

No image registry answers on these machines, so every image is made here: a base image from
Debian's own packages (`images.base_image`), PostgreSQL and Redis images on it, and campus's
image from ``deploy/Dockerfile`` with that base as its ``BASE_IMAGE``. Then either a compose
file runs (`compose.ComposeRun`, podman commands read from the file: ``deploy/compose.yaml``,
or ``deploy/compose.monolith.yaml`` for the monolith) or the Kubernetes Deployments play in pods
(`kube.KubePlay`).

    $ python -m campus.containers up        # make containers
    $ python -m campus.containers up --arch monolith    # make containers ARCH=monolith
    $ python -m campus.containers down      # make containers-down
"""

__all__: list[str] = []
