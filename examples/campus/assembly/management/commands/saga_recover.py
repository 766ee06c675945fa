"""Finish or compensate the enrollment sagas that stood still: an admin process (twelve-factor
XII), the same pass enrollments' relay runs every few seconds (`campus.assembly.saga_recovery`).

    campus manage --service enrollments saga_recover --stale-after 0

It calls the catalog as enrollments does, at ``CAMPUS_CATALOG_URL`` with enrollments' token
(``CAMPUS_IDENTITY_URL``, its client secret). From Python, inside enrollments' database scope:

    >>> with database_scope(DatabaseScope("enrollments", {"enrollments": "enrollments"})):
    ...     call_command("saga_recover", "--stale-after", "0")           # doctest: +SKIP
"""

import math
import os

from django.core.checks import Tags
from django.core.management.base import BaseCommand, CommandError
from django.db import router

from campus.enrollments.models import Enrollment

from ...saga_recovery import recovery_build


class Command(BaseCommand):
    help = "Finish or compensate the enrollment sagas that have not moved for a while."
    requires_system_checks = [Tags.models]

    def add_arguments(self, parser):
        parser.add_argument(
            "--stale-after",
            type=float,
            default=None,
            metavar="SECONDS",
            help="take over sagas that have not moved for this long "
            "(default: CAMPUS_SAGA_STALE_AFTER, 30)",
        )

    def handle(self, *args, stale_after: float | None, **options):
        if stale_after is not None and not (math.isfinite(stale_after) and stale_after >= 0):
            raise CommandError(f"--stale-after must be 0 or more seconds, not {stale_after}")
        try:
            router.db_for_write(Enrollment)
        except RuntimeError as exc:  # the runtime's router: no service bound, or another one
            raise CommandError(
                f"{exc}. Run it as enrollments: campus manage --service enrollments saga_recover"
            ) from None
        recover = recovery_build("enrollments", environ=os.environ, stale_after_s=stale_after)
        ended = recover()
        for enrollment in ended:
            why = f" ({enrollment.reason})" if enrollment.reason else ""
            self.stdout.write(
                f"enrollment {enrollment.id}, {enrollment.learner} in {enrollment.course_key}: "
                f"{enrollment.status}{why}"
            )
        self.stdout.write(f"{len(ended)} saga(s) taken over")
