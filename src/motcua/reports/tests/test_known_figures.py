"""The Tây Ninh first-half-2017 mix (domain reference §11), scaled down 100 times: 3,680 dossiers received
in a half-year, 3,646 resolved early or on time, 2 late, 32 still within their deadline. The full-size set
(368,000: 364,600 / 235 / 3,153) is in bench/bench_reports.py."""

import datetime as dt

import pytest

from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.models import Dossier
from motcua.organizations.models import Agency
from motcua.reports import facts, selectors

pytestmark = pytest.mark.django_db

TZ = dt.timezone(dt.timedelta(hours=7))
H1 = (dt.date(2024, 1, 1), dt.date(2024, 6, 30))


def generate(early_or_on_time: int, late: int, within: int) -> None:
    version = ProcedureVersion.objects.filter(status="published").first()
    agency = Agency.objects.get(code="000.00.00.H53")
    rows = []
    span = dt.datetime(2024, 6, 18, 16, tzinfo=TZ) - dt.datetime(2024, 1, 2, 8, tzinfo=TZ)

    def add(received, decided, status=10):
        rows.append(Dossier(status=status, channel=1 + len(rows) % 3, procedure_version=version,
                            receiving_agency=agency, deciding_agency=agency, applicant_name=f"Người nộp {len(rows)}",
                            calendar_code="VN", received_at=received, due_at=received + dt.timedelta(days=7),
                            decided_at=decided, returned_at=decided, ended_at=decided))

    start = dt.datetime(2024, 1, 2, 8, tzinfo=TZ)
    for i in range(early_or_on_time):
        received = start + span * (i / early_or_on_time)
        add(received, received + (dt.timedelta(days=3) if i % 7 else dt.timedelta(days=7, minutes=-1)))
    for i in range(late):
        received = start + span * (i / max(1, late))
        add(received, received + dt.timedelta(days=9))
    for i in range(within):
        received = dt.datetime(2024, 6, 26, 8, tzinfo=TZ) + dt.timedelta(minutes=30 * i)
        add(received, None, status=4)
        rows[-1].returned_at = rows[-1].ended_at = None
    Dossier.objects.bulk_create(rows, batch_size=500)


def test_the_tay_ninh_mix_reports_its_counts_and_shares():
    generate(3_646, 2, 32)
    facts.refresh(full=True)
    t = selectors.report(*H1, group="province", scope=selectors.agency_scope("000.00.00.H53")).total
    assert t["received"] == 3_680 and t["carried_over"] == 0
    assert t["resolved_on_time_or_early"] == 3_646
    assert t["resolved_late"] == 2
    assert t["in_progress_within"] == 32 and t["in_progress_overdue"] == 0
    assert t["share_early_or_on_time"] == 99.08  # 3,646 / 3,680 (Tây Ninh: 364,600 / 368,000 = 99.08%)
    assert (t["share_late"], t["share_in_progress_within"]) == (0.05, 0.87)
    assert t == selectors.direct(*H1, group="province", scope=selectors.agency_scope("000.00.00.H53"))["total"] | {
        "processing_seconds": t["processing_seconds"], "average_hours": t["average_hours"]}
