"""The deadline watch: flags at chosen instants (calendar VN: Monday-Friday 07:30-11:30, 13:30-17:00),
idempotence, warnings to the assignee once per threshold, batches."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from freezegun import freeze_time

from motcua.catalog.models import Procedure
from motcua.dossiers import states, tasks, watch
from motcua.dossiers.models import Dossier
from motcua.organizations.models import Agency

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=7))
S = states.Status
WEDNESDAY_10 = dt.datetime(2026, 3, 11, 10, 0, tzinfo=TZ)


def at(day, hour, minute=0):
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=TZ)


@pytest.fixture
def officer():
    return get_user_model().objects.create(username="cv.watch", full_name="Trần Thị Theo Dõi",
                                           email="theodoi@example.vn")


@pytest.fixture
def make():
    version = Procedure.objects.get(base_code="1.000894").current_version
    agency = Agency.objects.get(code="000.01.50.H53")
    counter = iter(range(1, 10_000))

    def make(*, status=S.PROCESSING, due_at=None, step_due_at=None, flag="", assignee=None):
        # Created directly: the watch reads only stored fields, and these instants are chosen, not computed.
        return Dossier.objects.create(
            status=status, channel=states.Channel.COUNTER, procedure_version=version, receiving_agency=agency,
            deciding_agency=agency, applicant_name="Nguyễn Văn An", calendar_code="VN",
            code=f"TEST-{next(counter):04d}", received_at=at(9, 9), due_at=due_at, step_due_at=step_due_at,
            deadline_flag=flag, assignee=assignee)

    return make


def flags(*dossiers):
    by_pk = dict(Dossier.objects.filter(pk__in=[d.pk for d in dossiers]).values_list("pk", "deadline_flag"))
    return [by_pk[d.pk] for d in dossiers]


def test_flags_at_a_chosen_instant(make):
    cases = [
        (make(due_at=at(13, 17)), ""),  # Friday 17:00: 2 working days and 7 hours left
        (make(due_at=at(12, 10)), "due_soon"),  # Thursday 10:00: exactly 1 working day left
        (make(due_at=at(12, 10, 30)), ""),  # 1 working day and 30 minutes left
        (make(due_at=at(11, 15)), "due_soon"),  # today 15:00: 3 office hours left (lunch not counted)
        (make(due_at=WEDNESDAY_10), "due_soon"),  # due this very instant: not late yet
        (make(due_at=at(11, 9, 59)), "overdue"),
        (make(due_at=at(20, 17), step_due_at=at(11, 9)), "overdue"),  # the step is late, the dossier not yet
        (make(due_at=at(20, 17), step_due_at=at(11, 14)), "due_soon"),  # the step is near
        (make(status=S.RECEIVED, due_at=at(12, 9)), "due_soon"),
        (make(status=S.SUPPLEMENTATION, due_at=at(10, 17)), ""),  # waiting for the applicant: not overdue
        (make(status=S.FINANCIAL_OBLIGATION, due_at=at(10, 17), flag="overdue"), ""),  # nor while paying
        (make(status=S.DECIDED, due_at=at(10, 17), flag="due_soon"), ""),  # done: a stale flag is cleared
        (make(status=S.RETURNED, due_at=at(10, 17), flag="overdue"), ""),
        (make(due_at=at(20, 17), flag="overdue"), ""),  # rescheduled since: cleared
        (make(due_at=None), ""),
    ]
    with freeze_time(WEDNESDAY_10):
        result = watch.run()
    assert flags(*[d for d, _ in cases]) == [expected for _, expected in cases]
    assert (result.due_soon, result.overdue) == (5, 2)
    assert result.changed == 7 + 4  # seven flags set, four stale ones cleared

    with freeze_time(WEDNESDAY_10), CaptureQueriesContext(connection) as queries:
        again = watch.run()
    assert again.changed == 0 and not [q for q in queries if q["sql"].startswith("UPDATE")]


def test_time_passing_moves_the_flags(make):
    dossier = make(due_at=at(12, 10))
    for instant, expected in [(at(11, 9), ""), (at(11, 10), "due_soon"), (at(12, 10), "due_soon"),
                              (at(12, 10, 1), "overdue")]:
        with freeze_time(instant):
            watch.run()
        assert flags(dossier) == [expected], instant


def test_the_assignee_is_warned_once_per_threshold(make, officer, mailoutbox, django_capture_on_commit_callbacks):
    dossier = make(due_at=at(12, 10), assignee=officer)
    make(due_at=at(12, 10))  # nobody assigned: flagged, nobody to tell
    with freeze_time(WEDNESDAY_10), django_capture_on_commit_callbacks(execute=True):
        watch.run()
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["theodoi@example.vn"]
    assert mailoutbox[0].subject == f"Hồ sơ {dossier.code} sắp đến hạn"
    assert "hạn trả kết quả: 10:00 ngày 12/03/2026, còn 7 giờ 30 phút làm việc" in mailoutbox[0].body

    with freeze_time(WEDNESDAY_10 + dt.timedelta(minutes=15)), django_capture_on_commit_callbacks(execute=True):
        second = watch.run()
    assert second.changed == 0 and len(mailoutbox) == 1  # the same threshold: nothing new

    with freeze_time(at(12, 8)), django_capture_on_commit_callbacks(execute=True):  # 2 office hours left
        watch.run()
    assert len(mailoutbox) == 2 and "còn 2 giờ làm việc" in mailoutbox[1].body
    with freeze_time(at(12, 9)), django_capture_on_commit_callbacks(execute=True):
        watch.run()
    assert len(mailoutbox) == 2

    with freeze_time(at(12, 11)), django_capture_on_commit_callbacks(execute=True):
        watch.run()
    assert len(mailoutbox) == 3 and mailoutbox[2].subject == f"Hồ sơ {dossier.code} đã quá hạn"
    with freeze_time(at(13, 11)), django_capture_on_commit_callbacks(execute=True):
        watch.run()
    assert len(mailoutbox) == 3 and flags(dossier) == ["overdue"]


def test_first_seen_close_to_the_due_instant_gets_only_the_tightest_warning(make, officer, mailoutbox,
                                                                           django_capture_on_commit_callbacks):
    make(due_at=at(11, 15), assignee=officer)
    received = []

    def listener(sender, warnings, **kwargs):
        received.extend(warnings)

    watch.deadline_warnings.connect(listener)
    try:
        with freeze_time(WEDNESDAY_10), django_capture_on_commit_callbacks(execute=True):
            watch.run()
    finally:
        watch.deadline_warnings.disconnect(listener)
    assert [(w.deadline, w.threshold, w.remaining_microseconds) for w in received] == [
        ("total", "4wh", 3 * 3600 * 10**6)]
    assert len(mailoutbox) == 1


def test_batch_boundaries(make, settings):
    expected = []
    for index in range(7):
        due = [at(12, 10), at(20, 17), at(11, 9)][index % 3]
        expected.append((make(due_at=due), ["due_soon", "", "overdue"][index % 3]))
    make(status=S.RETURNED)  # not a candidate at all
    dossiers = [d for d, _ in expected]
    for size in (1, 2, 3, 7, 1000):
        Dossier.objects.update(deadline_flag="")
        with freeze_time(WEDNESDAY_10):
            result = watch.run(batch_size=size)
        assert flags(*dossiers) == [e for _, e in expected], size
        assert result.examined == 7 and result.batches == -(-7 // size)


def test_queries_per_batch_do_not_grow_with_the_batch(make, officer, django_capture_on_commit_callbacks):
    def count(n):
        Dossier.objects.filter(code__startswith="TEST-").update(status=S.RETURNED, deadline_flag="")
        for _ in range(n):
            make(due_at=at(12, 10), assignee=officer)
        with freeze_time(WEDNESDAY_10), CaptureQueriesContext(connection) as queries, \
                django_capture_on_commit_callbacks(execute=False):
            result = watch.run(batch_size=n)
        assert result.batches == 1 and result.warnings == n
        return len(queries)

    count(3)  # the notification rules are read once, then kept in the cache
    assert count(3) == count(30)  # 12 on SQLite: the batch, the calendar, the update, the warnings' rows


def test_command_and_task(make, settings):
    from io import StringIO

    dossier = make(due_at=at(11, 9))
    out = StringIO()
    with freeze_time(WEDNESDAY_10), translation.override("en"):
        call_command("watch_deadlines", "--batch-size", "50", stdout=out)
    assert "1 overdue" in out.getvalue() and flags(dossier) == ["overdue"]
    with freeze_time(WEDNESDAY_10):
        assert tasks.watch_deadlines.delay().get()["overdue"] == 1


def test_thresholds_are_read_from_settings(make, settings):
    dossier = make(due_at=at(13, 10))  # two working days left
    settings.MOTCUA_DEADLINE_THRESHOLDS = ["2wd"]
    with freeze_time(WEDNESDAY_10):
        watch.run()
    assert flags(dossier) == ["due_soon"]
    settings.MOTCUA_DEADLINE_THRESHOLDS = ["3d"]
    with pytest.raises(ValueError):
        watch.run()
