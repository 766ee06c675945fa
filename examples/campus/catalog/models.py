from django.db import models

from campus.events.outbox import AbstractOutboxEvent


class Course(models.Model):
    """A course run. Other services refer to it by ``key`` and never copy it."""

    key = models.CharField(max_length=255, unique=True)
    title = models.CharField(max_length=200)
    start = models.DateField()
    end = models.DateField()
    enrollment_open = models.BooleanField(default=True)
    # None: no limit. ``seats_taken`` moves only in `campus.catalog.seats`, by one conditional
    # UPDATE per reservation, so the catalog alone decides how many seats are left.
    seat_limit = models.PositiveIntegerField(null=True, blank=True)
    seats_taken = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["key"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(seat_limit__isnull=True)
                | models.Q(seats_taken__lte=models.F("seat_limit")),
                name="seats_taken_within_limit",
            )
        ]

    def __str__(self):
        return self.key

    @property
    def seats_left(self) -> int | None:
        """None when the run has no limit."""
        return None if self.seat_limit is None else self.seat_limit - self.seats_taken


class SeatReservation(models.Model):
    """One seat held in a run for a caller's reservation id (its idempotency key).

    ``released`` rows stay: a reserve that arrives after its own release (a retry overtaken by
    the compensation) finds the id spent and is refused, so no seat is held for nobody.
    """

    reservation_id = models.CharField(max_length=64, unique=True)
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="reservations")
    released = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.reservation_id} in {self.course_id}"


class OutboxEvent(AbstractOutboxEvent):
    """Events the catalog has announced, written in the transaction of the change they announce
    and published by a relay (see `campus.events.outbox`)."""
