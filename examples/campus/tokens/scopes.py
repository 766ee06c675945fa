"""The scopes an access token may hold, as its space-separated ``scope`` claim (RFC 8693 4.2).

A learner's token (password grant) holds ``learner``; a staff member's ``learner staff``; a
service's own token (client-credentials grant) holds ``service``. Which data a ``learner`` token
reaches is decided by its ``sub``: the learner's own, nothing else.
"""

__all__ = ["ANYONE", "DESCRIPTIONS", "LEARNER", "PEOPLE", "SERVICE", "STAFF"]

LEARNER = "learner"
STAFF = "staff"
SERVICE = "service"

DESCRIPTIONS = {
    LEARNER: "Act for the learner named by sub: read and write their own data only",
    STAFF: "Read any learner's data, complete enrollments, create course runs",
    SERVICE: "A service acting for itself: read shared data such as the catalog",
}
PEOPLE = (LEARNER, STAFF)  # a token that acts for a person
ANYONE = (LEARNER, STAFF, SERVICE)
