"""Writes: the demo accounts and the service clients, with their passwords and secrets.

Run by the release step (`campus.process.release`) and, in the in-process runtime, once per
process on the template database; running it again updates the secrets, so rotating one is a
new release.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from oauth2_provider.models import get_application_model
from oauth2_provider.settings import oauth2_settings

from .data import DEMO_LEARNERS, DEMO_STAFF, LEARNER_APP, service_clients

__all__ = ["identity_seed"]


def identity_seed(*, alias: str, demo_password: str, client_secrets: dict[str, str]) -> None:
    """Create or update, in database ``alias``, the demo accounts (password ``demo_password``),
    the learners' public app, and a confidential client-credentials client per service in
    `service_clients` with its secret from ``client_secrets`` (a `KeyError` names a missing one).
    Secrets are stored hashed, as django-oauth-toolkit does by default."""
    usernames = (*DEMO_LEARNERS, *DEMO_STAFF)
    clients = {LEARNER_APP: "", **{name: client_secrets[name] for name in service_clients()}}
    # One hash (Django's default PBKDF2, a million rounds: about a third of a second of a core)
    # for every demo account: they share one password by design, which the summary of a start
    # says, so one salt for all of them tells a reader of the table nothing new, and a start
    # pays for one hash instead of one per account. Client secrets take a few rounds only
    # (`campus.identity.hashers`); stored already hashed, django-oauth-toolkit keeps them so.
    password = make_password(demo_password)
    hashed = [_secret_hash(secret) for secret in clients.values()]
    User = get_user_model()
    for username in usernames:
        user, _ = User.objects.using(alias).get_or_create(username=username)
        user.is_staff = username in DEMO_STAFF
        user.password = password
        user.save(using=alias)
    Application = get_application_model()
    secrets = dict(zip(clients, hashed, strict=True))
    _application(
        Application,
        alias,
        client_id=LEARNER_APP,
        client_type=Application.CLIENT_PUBLIC,
        authorization_grant_type=Application.GRANT_PASSWORD,
        client_secret=secrets[LEARNER_APP],
    )
    for name in service_clients():
        _application(
            Application,
            alias,
            client_id=name,
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
            client_secret=secrets[name],
        )


def _secret_hash(secret: str) -> str:
    return make_password(secret, hasher=oauth2_settings.CLIENT_SECRET_HASHER)


def _application(Application, alias, *, client_id, **fields) -> None:
    application = Application.objects.using(alias).filter(client_id=client_id).first()
    application = application or Application(client_id=client_id, name=client_id)
    for name, value in fields.items():
        setattr(application, name, value)
    application.save(using=alias)
