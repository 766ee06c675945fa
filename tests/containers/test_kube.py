"""The Kubernetes base played by podman: the learner journey through its pods."""

import pytest
import requests

from campus.containers.engine import podman_out
from campus.containers.kube import KubePlay
from campus.containers.platform import images_made
from campus.journey import journey_run

# Images made once per machine (test_compose.py makes them first); the pods start here.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def test_the_journey_passes_through_the_played_deployments_and_down_leaves_no_pod():
    play = KubePlay(images_made())
    try:
        platform = play.up().platform()
        with requests.Session() as http:
            http.trust_env = False
            steps = journey_run(platform, http)
        assert steps[-1].answer["courses"][0]["certificate_shown"] is True
        # Every migration ran to its end (a Job's pod, played as a Pod) before any Deployment.
        migrations = [j["metadata"]["name"] for j in play.documents if j["kind"] == "Job"]
        assert len(migrations) == 5
    finally:
        play.down()
    assert (
        podman_out("pod", "ps", "--quiet", "--filter", "label=app.kubernetes.io/part-of=campus")
        == ""
    )
