"""Reading answers from CSV: every well-formed file gives the same index as the rule."""

from hypothesis import given
from hypothesis import strategies as st

from maklumat.satisfaction.csvinput import answers_from_csv
from maklumat.satisfaction.rules import ikm_compute

rows = st.lists(st.lists(st.integers(min_value=1, max_value=4), min_size=9, max_size=9), min_size=1, max_size=30)


@given(rows, st.sampled_from([",", ";"]))
def test_any_well_formed_file_is_read_back_exactly(answers, delimiter):
    header = delimiter.join(["no", *(f"u{n}" for n in range(1, 10)), "catatan"])
    lines = [delimiter.join([str(i), *map(str, row), "x"]) for i, row in enumerate(answers, start=1)]
    parsed = answers_from_csv("\n".join([header, *lines]) + "\n")
    assert parsed.errors == []
    assert parsed.rows == answers
    assert ikm_compute(parsed.rows) == ikm_compute(answers)


def test_columns_may_come_in_any_order():
    parsed = answers_from_csv("u9,u8,u7,u6,u5,u4,u3,u2,u1\n1,2,3,4,1,2,3,4,1\n")
    assert parsed.rows == [[1, 4, 3, 2, 1, 4, 3, 2, 1]]


def test_a_short_row_reports_each_missing_cell():
    parsed = answers_from_csv("u1,u2,u3,u4,u5,u6,u7,u8,u9\n4,4,4,4,4,4,4\n")
    assert parsed.errors == ["row 2: u8: empty, expected a whole number 1–4",
                             "row 2: u9: empty, expected a whole number 1–4"]
