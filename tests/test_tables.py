"""Plain-text tables: aligned columns, readable cells."""

from campus.tables import table_format


def test_columns_are_as_wide_as_their_widest_cell_and_numbers_align_right():
    text = table_format(["service", "hops"], [["catalog", 0], ["dashboard", 12]])
    assert text.splitlines() == [
        "service    hops",
        "---------  ----",
        "catalog       0",
        "dashboard    12",
    ]


def test_floats_booleans_and_missing_values_read_as_a_person_would_write_them():
    text = table_format(["ms", "same", "status"], [[1.23456, True, None], [20.0, False, 503]])
    assert text.splitlines() == [
        "   ms  same  status",
        "-----  ----  ------",
        " 1.23  yes        -",
        "20.00  no       503",
    ]


def test_a_table_without_rows_still_shows_its_headers():
    assert table_format(["step", "status"], []) == "step  status\n----  ------"
