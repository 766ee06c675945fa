"""What the shared client sends: a ``requests`` auth for `campus.http.ServiceClient`.

    >>> own = ClientCredentials(token_url=url, client_id="dashboard", client_secret=s,
    ...                         audience="catalog")
    >>> ServiceClient(caller="dashboard", callee="catalog", base_url=url, auth=ServiceAuth(own))

`ServiceAuth` sends the service's own token for that one neighbour (OAuth2 client-credentials
grant, RFC 6749 4.4, the way Open edX's edx-rest-api-client ``OAuthAPIClient`` gets one),
fetched once and reused until `REFRESH_MARGIN_S` before it expires. With an ``exchange`` (a
neighbour whose data belongs to learners) it sends instead, when the current request acts for a
person, that person's token exchanged for one good at that neighbour only (RFC 8693,
`campus.tokens.exchange`): the neighbour checks for itself whose data is asked, as with the
learner's own token, and cannot replay what it received anywhere else.

Longer than most modules: the two grants and the auth that sends their tokens share one
fetch-and-renew cycle, which reads best in one place.
"""

import logging
import threading
import time
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout

import requests
from oauthlib.oauth2 import BackendApplicationClient, LegacyApplicationClient, OAuth2Error
from requests.auth import AuthBase, HTTPBasicAuth

from campus.deadlines import current_deadline
from campus.http import ServiceUnavailable, session_make

from . import forwarding
from .endpoints import LEARNER_APP, TOKEN_PATH

__all__ = [
    "REFRESH_MARGIN_S",
    "TOKEN_TIMEOUT_S",
    "BearerToken",
    "ClientCredentials",
    "PasswordGrant",
    "ServiceAuth",
    "TokenAuth",
    "login",
]

REFRESH_MARGIN_S = 30.0  # a token this close to its expiry is replaced before it is sent
# Asked for once per token lifetime, and the identity checks a hashed secret (PBKDF2, ~0.25 s
# unloaded): a wider timeout than a hop's, but never past the deadline of the request that asks.
TOKEN_TIMEOUT_S = 5.0
logger = logging.getLogger(__name__)


class _CachedToken:
    """An access token from the identity provider's token endpoint, reused until
    `REFRESH_MARGIN_S` before it expires. Thread-safe. Raises `campus.http.ServiceUnavailable`
    when the identity provider does not answer or refuses (its message names the OAuth2 error).

    A request being served (`campus.deadlines.current_deadline`) waits for a fetch at most
    until its deadline, so a hanging identity provider costs a page its deadline, not
    `TOKEN_TIMEOUT_S`; the fetch itself goes on, for the requests after it.
    """

    def __init__(self, *, token_url: str, client, timeout: float):
        self.token_url, self.timeout = token_url, timeout
        self._oauth = client  # an oauthlib client: it writes the request and reads the answer
        self._session = session_make()
        self._lock = threading.Lock()
        self._token: str | None = None
        self._renew_at = self._expires_at = 0.0
        self._fetching: Future | None = None  # the fetch under way, which every caller waits on
        self.fetches = 0  # how many times a token was asked for: what caching saves

    def token(self) -> str:
        """The current token. One fetch at a time, shared by every thread that needs it; a
        token near its expiry is still handed out while its successor is fetched."""
        with self._lock:
            now = time.monotonic()
            if self._token is not None and now < self._renew_at:
                return self._token
            usable = self._token if now < self._expires_at else None
            if self._fetching is None:
                self._fetching = Future()
                threading.Thread(target=self._refresh, name="campus-token", daemon=True).start()
            fetching = self._fetching
        if usable is not None:
            return usable
        deadline = current_deadline()
        try:
            return fetching.result(timeout=None if deadline is None else deadline.remaining())
        except FutureTimeout:
            raise ServiceUnavailable("identity", "no token before the deadline") from None

    def _refresh(self) -> None:
        # On its own thread, outside any request: a request that gives up does not abandon the
        # fetch (the identity's hashing would be wasted, and asked again by the next request).
        try:
            token, lifetime = self._fetch()
        except BaseException as exc:
            with self._lock:
                fetching, self._fetching = self._fetching, None
            fetching.set_exception(exc)
            return
        with self._lock:
            now = time.monotonic()
            self._token, self._expires_at = token, now + lifetime
            self._renew_at = now + max(lifetime - REFRESH_MARGIN_S, 0)
            fetching, self._fetching = self._fetching, None
        fetching.set_result(token)

    def _fetch(self) -> tuple[str, float]:
        self.fetches += 1
        try:
            response = self._session.post(
                self.token_url,
                data=self._body(),
                headers={"Content-Type": "application/x-www-form-urlencoded"},
                auth=self._client_auth(),
                timeout=self.timeout,
            )
            token = self._oauth.parse_request_body_response(response.text)
        except requests.RequestException as exc:
            logger.warning("no token from %s: %r", self.token_url, exc)
            raise ServiceUnavailable("identity", f"no token: {type(exc).__name__}") from None
        except (OAuth2Error, ValueError) as exc:
            logger.warning("no token from %s: %s", self.token_url, exc)
            raise ServiceUnavailable("identity", f"no token: {exc}") from None
        return token["access_token"], float(token.get("expires_in", 0))

    def _body(self) -> str:
        raise NotImplementedError

    def _client_auth(self):
        return None

    def close(self) -> None:
        self._session.close()


class ClientCredentials(_CachedToken):
    """A service's own token for one neighbour (``audience``): the client-credentials grant,
    its secret sent with HTTP Basic (RFC 6749 2.3.1)."""

    def __init__(self, *, token_url, client_id, client_secret, audience, timeout=TOKEN_TIMEOUT_S):
        client = BackendApplicationClient(client_id=client_id)
        super().__init__(token_url=token_url, client=client, timeout=timeout)
        self.client_id, self._secret, self.audience = client_id, client_secret, audience

    def _body(self) -> str:
        return self._oauth.prepare_request_body(audience=self.audience)

    def _client_auth(self):
        return HTTPBasicAuth(self.client_id, self._secret)


class PasswordGrant(_CachedToken):
    """A person's token: the resource owner password grant (RFC 6749 4.3) through a public
    client, as Open edX's mobile apps have signed in. For the seeded demo accounts only; a real
    deployment signs people in with the authorization code grant and PKCE (RFC 9700 2.4)."""

    def __init__(self, *, token_url, client_id, username, password, timeout=TOKEN_TIMEOUT_S):
        client = LegacyApplicationClient(client_id=client_id)
        super().__init__(token_url=token_url, client=client, timeout=timeout)
        self.username, self._password = username, password

    def _body(self) -> str:
        return self._oauth.prepare_request_body(
            username=self.username, password=self._password, include_client_id=True
        )


class ServiceAuth(AuthBase):
    """Bearer auth for one caller-to-neighbour client: when an ``exchange`` is given and the
    current request acts for a person, their token exchanged for one good at ``credentials``'
    audience only; else the service's own from ``credentials``."""

    def __init__(self, credentials: ClientCredentials, *, exchange=None):
        self.credentials, self.exchange = credentials, exchange

    def __call__(self, request):
        inbound = forwarding.inbound_token() if self.exchange is not None else None
        if inbound is not None:
            token = self.exchange.token(inbound, self.credentials.audience)
        else:
            token = self.credentials.token()
        request.headers["Authorization"] = f"Bearer {token}"
        return request


def login(*, identity_url: str, username: str, password: str) -> "TokenAuth":
    """Bearer auth for demo account ``username``, signed in at ``identity_url`` through the
    learners' app (`PasswordGrant`), renewed before it expires."""
    source = PasswordGrant(
        token_url=identity_url.rstrip("/") + TOKEN_PATH,
        client_id=LEARNER_APP,
        username=username,
        password=password,
    )
    return TokenAuth(source)


class TokenAuth(AuthBase):
    """Bearer auth from a token source (`PasswordGrant`, `ClientCredentials`): a fresh token
    whenever the one held is about to expire."""

    def __init__(self, source: _CachedToken):
        self.source = source

    def __call__(self, request):
        request.headers["Authorization"] = f"Bearer {self.source.token()}"
        return request


class BearerToken(AuthBase):
    """A fixed token, for a client that has one already (a notebook, a test)."""

    def __init__(self, token: str):
        self.token = token

    def __call__(self, request):
        request.headers["Authorization"] = f"Bearer {self.token}"
        return request
