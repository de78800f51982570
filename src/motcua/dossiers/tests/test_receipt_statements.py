"""A walk-in receipt is a fixed handful of statements, however many dossiers and codes exist: the receipt
rate of docs/benchmarks.md ("Dossiers") rests on it, and the rows are those of the longer path."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import prefetch_related_objects
from django.test.utils import CaptureQueriesContext

from motcua.dossiers import chain, services
from motcua.dossiers.models import CodeSequence
from motcua.organizations.models import ServiceCentre
from motcua.processes.models import Process

pytestmark = pytest.mark.django_db


def _walk_in(name: str):
    counter = get_user_model().objects.get(username="motcua.tanninh")
    centre = ServiceCentre.objects.select_related("agency").get(code="000.01.51.H53")
    process = Process.objects.filter(agency=centre.agency, status="active", procedure__base_code="1.001193"
                                     ).select_related("procedure__current_version").get()
    version = process.procedure.current_version
    prefetch_related_objects([version], "fees")  # what the counter page has read already
    return {"actor": counter, "procedure_version": version, "receiving_centre": centre,
            "deciding_agency": centre.agency, "applicant": {"name": name},
            "components": [{"name": "Tờ khai"}, {"name": "Bản sao căn cước"}]}


def test_a_walk_in_receipt_runs_a_fixed_number_of_statements():
    services.receive(**_walk_in("Lê Văn Cường"))  # warms the process's calendar
    counts = []
    for k in range(3):
        arguments = _walk_in(f"Người nộp {k}")
        with CaptureQueriesContext(connection) as captured:
            dossier = services.receive(**arguments)
        counts.append([q["sql"].split()[0] for q in captured.captured_queries])
        assert dossier.version == 2 and dossier.code.endswith(f"-{k + 2:04d}")
        event = dossier.events.get()
        assert (event.seq, event.prev_hash, event.kind) == (1, chain.GENESIS, "received")
    assert counts[0] == counts[1] == counts[2]
    writes = [verb for verb in counts[0] if verb in ("INSERT", "UPDATE", "DELETE")]
    # the code (one upsert), the dossier inserted already received, its components, its event: no UPDATE
    assert writes.count("UPDATE") == 0 and writes.count("INSERT") == 4, counts[0]
    assert CodeSequence.objects.get(prefix="000.01.51.H53").last == 4
    # the process, its steps, the calendar and the officer's scope come from the cache: no read at all
    assert "SELECT" not in counts[0], counts[0]


def test_a_process_changed_is_used_by_the_next_receipt():
    first = services.receive(**_walk_in("Lê Văn Cường"))
    step = first.current_step
    step.name = "Thẩm định hồ sơ (đã sửa)"
    step.save()  # as the admin page does
    assert services.receive(**_walk_in("Phạm Thị Hoa")).current_step.name == "Thẩm định hồ sơ (đã sửa)"

    from motcua.processes.services import STEP_KEYS, activate_process, create_process

    process = first.process
    steps = [{**{key: getattr(s, key) for key in STEP_KEYS}, "division": s.division.name if s.division else ""}
             for s in process.steps.all()]
    steps[1]["name"] = "Thẩm định theo quy trình mới"
    new = create_process(actor=None, procedure=process.procedure, agency=process.agency, name="Quy trình mới",
                         steps=steps, activate=False)
    activate_process(actor=None, process=new)
    received = services.receive(**_walk_in("Trần Văn Bình"))
    assert (received.process_id, received.current_step.name) == (new.pk, "Thẩm định theo quy trình mới")


def test_a_holiday_set_is_counted_by_the_next_receipt():
    import datetime as dt

    from django.utils import timezone
    from freezegun import freeze_time

    from motcua.workdays.models import WorkCalendar
    from motcua.workdays.services import set_calendar_day

    with freeze_time(dt.datetime(2026, 3, 9, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))):  # a Monday
        before = services.receive(**_walk_in("Lê Văn Cường"))
        due = timezone.localtime(before.due_at).date()
        set_calendar_day(actor=None, calendar=WorkCalendar.objects.get(code="VN"), date=dt.date(2026, 3, 10),
                         kind="day_off", name="Nghỉ bù (thử)", source="test")
        after = services.receive(**_walk_in("Phạm Thị Hoa"))
    assert timezone.localtime(after.due_at).date() > due
