"""The twelve factors (https://12factor.net) and the message ids the audit gives each.

Every message the audit emits has an id ``campus.12F.<factor>.<level><number>``: the factor's
Roman numeral, then ``E`` (error), ``W`` (warning) or ``I`` (info) and three digits, so a reader
can silence one finding (Django's ``SILENCED_SYSTEM_CHECKS``) and find the factor it is about.

    >>> factor_get("III").id("E001")
    'campus.12F.III.E001'
    >>> factor_get("III").message("W002", "No key.", hint="Set one.", obj="SECRET_KEY").level
    30
    >>> factor_of("campus.12F.XI.I001").title
    'Logs'
"""

from dataclasses import dataclass

from django.core import checks

__all__ = ["FACTORS", "ID_PREFIX", "TAG", "Factor", "factor_get", "factor_of"]

TAG = "twelvefactor"  # run with: campus manage check --tag twelvefactor
ID_PREFIX = "campus.12F."
_LEVELS = {"E": checks.Error, "W": checks.Warning, "I": checks.Info}


@dataclass(frozen=True)
class Factor:
    numeral: str
    title: str
    slug: str  # the factor's page on 12factor.net

    @property
    def url(self) -> str:
        return f"https://12factor.net/{self.slug}"

    def id(self, code: str) -> str:
        return f"{ID_PREFIX}{self.numeral}.{code}"

    def message(self, code: str, text: str, *, hint: str, obj: str) -> checks.CheckMessage:
        """A check message whose level is the code's letter, so id and level cannot disagree."""
        return _LEVELS[code[0]](text, hint=hint, obj=obj, id=self.id(code))


FACTORS = (
    Factor("I", "Codebase", "codebase"),
    Factor("II", "Dependencies", "dependencies"),
    Factor("III", "Config", "config"),
    Factor("IV", "Backing services", "backing-services"),
    Factor("V", "Build, release, run", "build-release-run"),
    Factor("VI", "Processes", "processes"),
    Factor("VII", "Port binding", "port-binding"),
    Factor("VIII", "Concurrency", "concurrency"),
    Factor("IX", "Disposability", "disposability"),
    Factor("X", "Dev/prod parity", "dev-prod-parity"),
    Factor("XI", "Logs", "logs"),
    Factor("XII", "Admin processes", "admin-processes"),
)


def factor_get(numeral: str) -> Factor:
    for factor in FACTORS:
        if factor.numeral == numeral:
            return factor
    raise KeyError(f"no factor {numeral!r}; known: {[f.numeral for f in FACTORS]}")


def factor_of(message_id: str) -> Factor | None:
    """The factor a message id belongs to; None for ids the audit did not emit."""
    if not message_id or not message_id.startswith(ID_PREFIX):
        return None
    numeral = message_id[len(ID_PREFIX) :].split(".", 1)[0]
    try:
        return factor_get(numeral)
    except KeyError:
        return None
