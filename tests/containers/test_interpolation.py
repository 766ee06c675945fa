import pytest

from campus.containers.interpolation import MissingVariable, interpolated


def test_a_default_stands_in_for_a_variable_unset_or_empty_with_a_colon_and_unset_without():
    environ = {"EMPTY": ""}
    assert interpolated("${UNSET:-postgres:15}", environ) == "postgres:15"
    assert interpolated("${EMPTY:-postgres:15}", environ) == "postgres:15"
    assert interpolated("${EMPTY-postgres:15}", environ) == ""


def test_a_set_variable_replaces_its_name_in_every_string_of_the_tree_even_across_lines():
    key = "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n"
    tree = {"services": {"identity": {"environment": {"KEY": "${KEY:?set it}", "N": 2}}}}
    done = interpolated(tree, {"KEY": key})
    assert done == {"services": {"identity": {"environment": {"KEY": key, "N": 2}}}}


def test_a_required_variable_unset_refuses_with_its_message_and_a_double_dollar_is_one():
    with pytest.raises(MissingVariable, match="KEY: set it to an RSA key"):
        interpolated(["${KEY:?set it to an RSA key}"], {})
    assert interpolated("cost $$5 for $NAME", {"NAME": "ada"}) == "cost $5 for ada"
