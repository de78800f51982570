"""Duration syntax: '5wd', '16wh', '30d', '1mo', 'same_day'."""

import pytest

from motcua.workdays.durations import Duration, parse_duration
from motcua.workdays.errors import DurationSyntaxError

pytestmark = []


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("5wd", 5, "wd"),
        ("16wh", 16, "wh"),
        ("30d", 30, "d"),
        ("1mo", 1, "mo"),
        (" 12 WD ", 12, "wd"),
        ("3Mo", 3, "mo"),
        ("same_day", 1, "same_day"),
        ("trong_ngay", 1, "same_day"),
        ("trong ngày", 1, "same_day"),
        ("SAME_DAY", 1, "same_day"),
    ],
)
def test_parse(text, amount, unit):
    d = parse_duration(text)
    assert (d.amount, d.unit) == (amount, unit)
    assert Duration.parse(text) == d
    assert parse_duration(str(d)) == d


@pytest.mark.parametrize("text", ["", "5", "wd", "5 days", "-1wd", "1.5wd", "5w", "5wdx", "x5wd", "10000wd", "5 5wd"])
def test_bad_strings_raise_naming_the_argument(text):
    with pytest.raises(DurationSyntaxError) as ei:
        parse_duration(text)
    assert isinstance(ei.value, ValueError)
    assert ei.value.argument == "duration"
    assert str(ei.value).startswith("duration: ")


def test_zero_is_rejected_with_a_hint():
    with pytest.raises(DurationSyntaxError, match="same_day"):
        parse_duration("0wd")


def test_argument_name_is_passed_through():
    with pytest.raises(DurationSyntaxError) as ei:
        parse_duration("abc", "legal_max")
    assert ei.value.argument == "legal_max"
    assert "legal_max" in str(ei.value) and "'abc'" in str(ei.value)


def test_non_string_rejected():
    with pytest.raises(DurationSyntaxError):
        parse_duration(5)  # type: ignore[arg-type]


def test_duration_object_passthrough_and_labels():
    d = Duration(5, "wd")
    assert parse_duration(d) is d
    assert d.label_vi() == "5 ngày làm việc"
    assert Duration(1, "same_day").label_vi() == "trong ngày làm việc"
    assert str(Duration(2, "mo")) == "2mo"
    with pytest.raises(DurationSyntaxError):
        Duration(0, "wh")
    with pytest.raises(DurationSyntaxError):
        Duration(1, "weeks")
