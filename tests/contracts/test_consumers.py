from .conftest import interactions


def test_each_consumer_writes_the_pact_its_own_code_passed(pacts):
    assert {name: interactions(path) for name, path in pacts.items()} == {
        "dashboard": ["the titles of the learner's courses"],
        "dashboard of enrollments": [
            "a learner's enrollments, active",
            "a learner's enrollments, rejected",
        ],
        "enrollments": [  # as the pact file lists them: by description
            "a seat held in an open run",
            "a seat refused in a closed run",
            "a seat released",
            "an open course run",
            "an unknown course run",
        ],
        "credentials": ["a course completion"],
    }


def test_the_credentials_consumer_applied_the_pacts_example_event(pacts, microservices, rows):
    from campus.credentials.models import Certificate

    assert rows(microservices, Certificate) == 1
