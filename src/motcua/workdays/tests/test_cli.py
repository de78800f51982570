"""The CLI: due instants, checks, the year listing, and bad input exiting with status 2."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_deadline_over_tet_2025_lists_skipped_days_with_reasons():
    data = json.loads(run("deadline", "2025-01-24T09:00", "5wd", "--json"))
    assert data["due_at"] == "2025-02-07T09:00:00+07:00"
    skipped = {day["date"]: day["name"] for day in data["skipped_days"]}
    assert all(f"2025-01-{d}" in skipped for d in (27, 28, 29, 30, 31))
    assert "Tết" in skipped["2025-01-27"]


def test_deadline_text_starts_with_the_iso_due_instant():
    assert run("deadline", "2025-04-25T10:00+07:00", "1wd").splitlines()[0].endswith("2025-04-26T10:00:00+07:00")


def test_deadline_with_cutoff_and_pause():
    data = json.loads(run("deadline", "2025-03-03T15:30", "2wd", "--cutoff", "15:00",
                          "--pause", "2025-03-04T08:00/2025-03-04T17:00", "--json"))
    assert data["start_reason"] == "after_cutoff"
    assert data["due_at"] > data["due_without_pauses"]


def test_check_reports_status_and_working_time():
    data = json.loads(run("deadline", "--check", "2025-02-07T09:00", "2025-02-07T10:00", "--json"))
    assert data["status"] == "overdue"
    assert data["delta_seconds"] == 3600
    early = json.loads(run("deadline", "--check", "2025-02-07T09:00", "2025-02-05T10:00", "--json"))
    assert early["status"] == "early"


def test_two_supplementations_are_overdue():
    data = json.loads(run("deadline", "--check", "2025-02-07T09:00", "2025-02-03T10:00",
                          "--supplementations", "2", "--json"))
    assert data["status"] == "overdue"


def test_calendar_show_lists_weekdays_off_and_working_weekend_days():
    data = json.loads(run("calendar", "show", "2025", "--json"))
    assert set(data) == {"year", "days_off", "working_weekend_days"}
    assert data["year"] == 2025
    off = {day["date"] for day in data["days_off"]}
    assert {"2025-01-27", "2025-01-31", "2025-05-02"} <= off
    assert "2025-04-26" in {day["date"] for day in data["working_weekend_days"]}
    for day in data["days_off"]:
        assert set(day) == {"date", "name", "source"} and day["name"] and day["source"]


@pytest.mark.parametrize("args, argument", [
    (("deadline", "2025-01-24T09:00", "5weeks"), "duration"),
    (("deadline", "24/01/2025", "5wd"), "RECEIVED_AT"),
    (("deadline", "2025-01-24T09:00", "5wd", "--calendar", "XX"), "calendar"),
    (("deadline", "2019-06-03T09:00", "5wd"), "received_at"),
    (("deadline", "2025-01-24T09:00", "5wd", "--cutoff", "25:99"), "cutoff"),
    (("deadline", "2025-01-24T09:00", "5wd", "--pause", "2025-02-05T10:00/2025-02-03T08:00"), "pause"),
    (("deadline", "2025-01-24T09:00", "5wd", "--pause", "2025-02-03T08:00/2025-02-05T10:00",
      "--pause", "2025-02-04T08:00/2025-02-06T10:00"), "pause"),
    (("deadline", "2025-01-24T09:00", "5wd", "--pause", "2025-02-03T08:00"), "pause"),
    (("calendar", "show", "1999", "--json"), "YEAR"),
])
def test_bad_input_names_the_argument_and_exits_with_2(args, argument):
    with pytest.raises(CommandError) as error:
        run(*args)
    assert error.value.returncode == 2
    assert argument in str(error.value)
