"""The seat endpoints: hold or release one seat of a limited run for a reservation id.

    PUT    /courses/{course_key}/seats/{reservation_id}    -> 200, the seat held
    DELETE /courses/{course_key}/seats/{reservation_id}    -> 204, the seat free

The enrollment saga calls them with its id (`campus.enrollments.saga`); the logic is in
`campus.catalog.seats`. A malformed key or id, or a body, is a 400 that writes nothing.
"""

import re

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from campus.errors import DomainError
from campus.serializers import StrictSerializer, error_responses
from campus.tokens.scopes import SERVICE, STAFF

from . import seats
from .ports import CatalogPorts
from .views import COURSE_KEY, key_check

__all__ = ["RESERVATION_ID_PATTERN", "SeatApi"]


class SeatOutput(serializers.Serializer):
    course_key = serializers.CharField()
    reservation_id = serializers.CharField()
    seats_left = serializers.IntegerField(allow_null=True)


class SeatInput(StrictSerializer):
    """No fields: the path names the run and the reservation."""


# A UUID's 32 lowercase hex digits, what the enrollment saga sends: one spelling per key, so a
# retry written another way (upper case, hyphens) cannot hold a second seat.
RESERVATION_ID_PATTERN = r"^[0-9a-f]{32}$"
RESERVATION_ID = OpenApiParameter(
    "reservation_id", str, OpenApiParameter.PATH, pattern=RESERVATION_ID_PATTERN
)


class MalformedReservationId(DomainError):
    code = "invalid_reservation_id"


class SeatApi(APIView):
    """A seat held for a reservation id: PUT and DELETE are idempotent (RFC 9110 9.2.2), so
    the caller's client retries them after a timeout without holding two seats."""

    ports: CatalogPorts = None
    scopes = {"PUT": (SERVICE, STAFF), "DELETE": (SERVICE, STAFF)}

    @extend_schema(
        operation_id="seat_reserve",
        summary="Hold a seat in a course run",
        description=(
            "Holds one seat in the run for this reservation id, once however often it is sent. "
            "An unknown run is a 404; a closed run a 422; a full run, or a reservation id "
            "already released, a 409. Needs the service or staff scope."
        ),
        request=None,
        parameters=[COURSE_KEY, RESERVATION_ID],
        responses={200: SeatOutput, **error_responses(400, 404, 409, 413, 415, 422)},
    )
    def put(self, request, course_key: str, reservation_id: str):
        _checked(request, course_key, reservation_id)
        seat = seats.seat_reserve(course_key=course_key, reservation_id=reservation_id)
        return Response(SeatOutput(seat).data)

    @extend_schema(
        operation_id="seat_release",
        summary="Release a seat",
        description=(
            "Frees the seat this reservation id holds, if any, and spends the id (a later PUT "
            "with it is a 409). Releasing twice answers 204 twice. Needs the service or staff "
            "scope."
        ),
        request=None,
        parameters=[COURSE_KEY, RESERVATION_ID],
        responses={204: None, **error_responses(400, 404, 413, 415)},
    )
    def delete(self, request, course_key: str, reservation_id: str):
        _checked(request, course_key, reservation_id)
        seats.seat_release(course_key=course_key, reservation_id=reservation_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _checked(request, course_key: str, reservation_id: str) -> None:
    """Refuse a body (the path says it all), a malformed key, then a malformed id."""
    SeatInput(data=request.data).is_valid(raise_exception=True)
    key_check(course_key)
    if not re.fullmatch(RESERVATION_ID_PATTERN, reservation_id):
        raise MalformedReservationId(
            f"A reservation id is a UUID's 32 lowercase hex digits, not {reservation_id[:70]!r}.",
            field="reservation_id",
        )
