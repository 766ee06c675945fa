"""The learner mix that ``python -m campus.bench.load`` runs with locust, headless.

Each simulated learner (a locust user, waiting for nothing between requests) lists courses,
enrolls, completes, opens its dashboard and lists its certificates, in the weights below. The
services' URLs come from ``CAMPUS_LOAD_URLS`` (JSON: service -> base URL); with ``hello`` in it,
every user asks only that bare WSGI hello, the physical reference.

A dashboard that answers 200 but names a neighbour in ``unavailable`` counts as a failure here:
a degraded page is not a served page.

With ``CAMPUS_LOAD_SAMPLES`` set to a path, every request is also written there as it ended (a
CSV row: end time, name, milliseconds, 1 if it succeeded), so one run can be cut into windows
that each give their own figures (`campus.bench.targets.locust_run`).
"""

import csv
import itertools
import json
import os
import random
import time

from locust import FastHttpUser, constant, events, task

URLS = json.loads(os.environ.get("CAMPUS_LOAD_URLS", "{}"))
TOKEN = os.environ.get("CAMPUS_LOAD_TOKEN")
OPEN_COURSES = ("course-v1:CampusX+PY101+2026", "course-v1:CampusX+DJ201+2026")
_numbers = itertools.count()
SAMPLES = os.environ.get("CAMPUS_LOAD_SAMPLES")
_samples: list[tuple] = []


@events.request.add_listener
def _sample(name, response_time, exception, **_):
    if SAMPLES:
        ok = int(exception is None)
        _samples.append((f"{time.time():.4f}", name, f"{response_time:.2f}", ok))


@events.quitting.add_listener
def _samples_write(**_):
    if SAMPLES:
        with open(SAMPLES, "w", newline="") as file:
            csv.writer(file).writerows(_samples)


class Learner(FastHttpUser):
    wait_time = constant(0)  # closed loop: each user sends its next request on the answer
    # A learner's browser gives up too: without this a user asking a paused service directly
    # would wait locust's default minute, and the run would measure stuck users.
    connection_timeout = 2.0
    network_timeout = 2.0
    host = URLS.get("dashboard") or URLS.get("hello") or "http://127.0.0.1"
    # Every service asks for a bearer token: a staff one from the platform's identity.
    default_headers = {"Authorization": f"Bearer {TOKEN}"} if TOKEN else None

    def on_start(self):
        # The same names in every run against one platform: learners enrolled in an earlier run
        # (the healthy phase of the failure run) still need their titles in the next one.
        self.learner = f"load-{next(_numbers)}"
        self.enrollments: list[int] = []

    def url(self, service: str, path: str) -> str:
        return URLS[service] + path

    @task(3)
    def list_courses(self):
        if "hello" in URLS:
            return self.hello()
        self.client.get(self.url("catalog", "/courses"), name="GET /courses")

    @task(1)
    def enroll(self):
        if "hello" in URLS:
            return self.hello()
        course = random.choice(OPEN_COURSES)
        with self.client.post(
            self.url("enrollments", "/enrollments"),
            json={"learner": self.learner, "course_key": course},
            name="POST /enrollments",
            catch_response=True,
        ) as answer:
            if answer.status_code == 201:
                self.enrollments.append(answer.json()["id"])
            elif answer.status_code == 409:  # enrolled in that run already: the rule, not a fault
                answer.success()

    @task(1)
    def complete(self):
        if "hello" in URLS:
            return self.hello()
        if not self.enrollments:
            return self.enroll()
        enrollment = self.enrollments.pop()
        path = f"/enrollments/{enrollment}/complete"
        self.client.post(self.url("enrollments", path), name="POST /enrollments/{id}/complete")

    @task(4)
    def dashboard(self):
        if "hello" in URLS:
            return self.hello()
        with self.client.get(
            self.url("dashboard", f"/dashboard/{self.learner}"),
            name="GET /dashboard/{learner}",
            catch_response=True,
        ) as answer:
            if answer.status_code == 200 and answer.json()["unavailable"]:
                answer.failure(f"degraded: {answer.json()['unavailable']}")

    @task(2)
    def certificates(self):
        if "hello" in URLS:
            return self.hello()
        self.client.get(
            self.url("credentials", f"/certificates?learner={self.learner}"),
            name="GET /certificates",
        )

    def hello(self):
        self.client.get(URLS["hello"] + "/", name="GET / (hello)")
