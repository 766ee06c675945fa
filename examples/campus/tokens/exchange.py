"""A service's tokens, one audience each: its own per neighbour, and a learner's exchanged.

    >>> tokens = ServiceTokens(token_url=url, client_id="dashboard", client_secret=s)
    >>> tokens.own("catalog").token()                   # client credentials, aud: catalog
    >>> tokens.exchange.token(ada_token, "enrollments")  # RFC 8693, sub: ada, aud: enrollments

A token that names one audience is refused by every other service (401 ``token_audience``): a
neighbour that received it cannot replay it elsewhere. The identity provider's side is
`campus.identity.exchange`.
"""

import logging
import threading
import time
from collections import OrderedDict

import requests
from requests.auth import HTTPBasicAuth

from campus.deadlines import current_deadline
from campus.http import ServiceUnavailable, session_make

from .client import REFRESH_MARGIN_S, TOKEN_TIMEOUT_S, ClientCredentials
from .endpoints import ACCESS_TOKEN_TYPE, TOKEN_EXCHANGE

__all__ = ["ServiceTokens", "TokenExchange"]

logger = logging.getLogger(__name__)


class TokenExchange:
    """Trades the learner's token for one good at one neighbour, and keeps it until
    `REFRESH_MARGIN_S` before it expires: a learner's pages cost one exchange per neighbour per
    token, not per page. Raises `campus.http.ServiceUnavailable` when the identity provider does
    not answer, or refuses (its message names the OAuth2 error)."""

    CAPACITY = 1024  # tokens kept, the least recently used dropped first

    def __init__(self, *, token_url: str, client_id: str, client_secret: str):
        self.token_url, self._auth = token_url, HTTPBasicAuth(client_id, client_secret)
        self._session = session_make()
        self._lock = threading.Lock()
        self._kept: OrderedDict[tuple[str, str], tuple[str, float]] = OrderedDict()
        self.exchanges = 0  # how many times the identity provider was asked

    def token(self, subject_token: str, audience: str) -> str:
        key = (subject_token, audience)
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None and time.monotonic() < kept[1]:
                self._kept.move_to_end(key)
                return kept[0]
        token, lifetime = self._fetch(subject_token, audience)
        with self._lock:
            self._kept[key] = (token, time.monotonic() + lifetime - REFRESH_MARGIN_S)
            while len(self._kept) > self.CAPACITY:
                self._kept.popitem(last=False)
        return token

    def _fetch(self, subject_token: str, audience: str) -> tuple[str, float]:
        self.exchanges += 1
        deadline = current_deadline()  # a page waits no longer than its deadline
        timeout = TOKEN_TIMEOUT_S
        if deadline is not None:
            timeout = min(timeout, deadline.remaining())
        if timeout <= 0:
            raise ServiceUnavailable("identity", "no token before the deadline")
        form = {
            "grant_type": TOKEN_EXCHANGE,
            "audience": audience,
            "subject_token": subject_token,
            "subject_token_type": ACCESS_TOKEN_TYPE,
        }
        try:
            answer = self._session.post(self.token_url, data=form, auth=self._auth, timeout=timeout)
            body = answer.json()
        except (requests.RequestException, ValueError) as exc:
            logger.warning("no exchanged token from %s: %r", self.token_url, exc)
            raise ServiceUnavailable("identity", f"no token: {type(exc).__name__}") from None
        if answer.status_code != 200 or not isinstance(body.get("access_token"), str):
            error = f"{body.get('error')}: {body.get('error_description')}"[:200]
            logger.warning("token exchange refused by %s: %s", self.token_url, error)
            raise ServiceUnavailable("identity", f"no token: {error}")
        return body["access_token"], float(body.get("expires_in", 0))

    def close(self) -> None:
        self._session.close()


class ServiceTokens:
    """Everything service ``client_id`` sends its neighbours: its own token for each, fetched
    when first needed (`ClientCredentials` with that audience), and `TokenExchange`."""

    def __init__(self, *, token_url: str, client_id: str, client_secret: str):
        self.token_url, self.client_id, self._secret = token_url, client_id, client_secret
        self._own: dict[str, ClientCredentials] = {}
        self._lock = threading.Lock()
        self.exchange = TokenExchange(
            token_url=token_url, client_id=client_id, client_secret=client_secret
        )

    def own(self, audience: str) -> ClientCredentials:
        with self._lock:
            if audience not in self._own:
                self._own[audience] = ClientCredentials(
                    token_url=self.token_url,
                    client_id=self.client_id,
                    client_secret=self._secret,
                    audience=audience,
                )
            return self._own[audience]

    @property
    def fetches(self) -> dict[str, int]:
        """How many times each token was asked for, by audience, exchanges under ``exchange``."""
        with self._lock:
            counted = {audience: own.fetches for audience, own in self._own.items()}
        return {**counted, "exchange": self.exchange.exchanges}

    def close(self) -> None:
        for own in list(self._own.values()):
            own.close()
        self.exchange.close()
