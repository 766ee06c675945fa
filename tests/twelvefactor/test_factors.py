from django.core import checks

from campus.twelvefactor import FACTORS, factor_get, factor_of


def test_there_are_twelve_factors_in_order_each_with_its_page_on_12factor_net():
    assert [f.numeral for f in FACTORS] == [
        "I",
        "II",
        "III",
        "IV",
        "V",
        "VI",
        "VII",
        "VIII",
        "IX",
        "X",
        "XI",
        "XII",
    ]
    assert all(f.url.startswith("https://12factor.net/") for f in FACTORS)


def test_a_message_id_names_the_factor_and_the_level():
    assert factor_get("IV").id("W002") == "campus.12F.IV.W002"
    assert factor_of("campus.12F.IV.W002") == factor_get("IV")


def test_ids_the_audit_did_not_emit_belong_to_no_factor():
    assert factor_of("security.W004") is None
    assert factor_of("campus.12F.XIII.E001") is None
    assert factor_of(None) is None


def test_a_message_takes_its_level_from_the_letter_of_its_code():
    factor = factor_get("I")
    levels = [factor.message(code, "m", hint="h", obj="o").level for code in ("E1", "W1", "I1")]
    assert levels == [checks.ERROR, checks.WARNING, checks.INFO]
