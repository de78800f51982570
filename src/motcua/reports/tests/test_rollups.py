"""The rollups give exactly what a direct pass over the raw dossiers gives, for any period and grouping."""

import datetime as dt

import pytest

from motcua.reports import facts, selectors
from motcua.reports.models import DossierFact

pytestmark = pytest.mark.django_db

PERIODS = [
    (dt.date(2026, 1, 1), dt.date(2026, 3, 31)),  # the quarter
    (dt.date(2026, 2, 1), dt.date(2026, 2, 28)),  # a month
    (dt.date(2026, 2, 10), dt.date(2026, 3, 5)),  # across a month boundary, partial months
    (dt.date(2026, 3, 14), dt.date(2026, 3, 14)),  # one day
]
COMPARED = ("carried_over", "received_new", "received", "resolved_early", "resolved_on_time", "resolved_late",
            "withdrawn", "stopped", "refused", "in_progress", "in_progress_within", "in_progress_overdue",
            "waiting_supplementation", "supplementation_requests", "ended", "ended_on_time", "online_766",
            "paper_result_resolved", "e_result_resolved", "digitized", "reused", "data_store", "fee_bearing",
            "paid_online", "received_new_channel_1", "received_new_channel_2", "received_new_channel_3",
            "on_time_766", "share_online", "average_hours")


def _pick(figures):
    return {name: figures[name] for name in COMPARED}


def test_rollups_equal_the_direct_computation(busy_dossiers):
    facts.refresh(full=True)
    assert DossierFact.objects.count() > 250
    for first, last in PERIODS:
        for group in ("province", "agency", "procedure", "channel", "unit", "centre", "field", "division"):
            stored = selectors.report(first, last, group=group)
            reference = selectors.direct(first, last, group=group)
            assert {value: _pick(figures) for value, _label, figures in stored.rows} == {
                value: _pick(figures) for value, figures in reference.items() if value != "total"}, (first, group)
            assert _pick(stored.total) == _pick(reference["total"])
    # The generated data exercises every branch: late, overdue, supplementation, carried over.
    total = selectors.report(*PERIODS[0], group="province").total
    assert total["resolved_late"] and total["in_progress_overdue"] and total["in_progress_within"]
    assert total["supplementation_requests"] and total["carried_over"]


def test_incremental_refresh_follows_new_events(busy_dossiers):
    from motcua.dossiers.models import Dossier, DossierEvent
    from motcua.dossiers.services.core import record

    state = facts.refresh(full=True)
    dossier = Dossier.objects.filter(status=4, parent__isnull=True, received_at__lt=dt.datetime(2026, 3, 1, tzinfo=dt.UTC)).first()
    before = selectors.report(*PERIODS[0], group="province").total
    # Withdrawn meanwhile (as the service records it): the next refresh sees the event and the figure moves.
    dossier.status, dossier.ended_at = 7, dt.datetime(2026, 3, 10, 9, tzinfo=dt.UTC)
    record(dossier, kind="withdrawn", actor=None, from_status=4, at=dossier.ended_at)
    assert DossierEvent.objects.latest("id").id > state.last_event_id
    state = facts.refresh()
    after = selectors.report(*PERIODS[0], group="province").total
    assert after["withdrawn"] == before["withdrawn"] + 1
    assert after["in_progress"] == before["in_progress"] - 1
    assert _pick(after) == _pick(selectors.direct(*PERIODS[0], group="province")["total"])


@pytest.mark.postgres
def test_fast_path_facts_equal_the_python_facts(busy_dossiers):
    """On PostgreSQL the full refresh computes the plain dossiers' facts in SQL: field by field what
    ``definitions.derive`` gives them."""
    from motcua.dossiers import definitions as d
    from motcua.dossiers.models import Dossier
    from motcua.reports.fastpath import insert_plain
    from motcua.reports.models import FactSpan

    handled, count = insert_plain()
    ids = list(Dossier.objects.filter(handled).values_list("pk", flat=True))
    assert count == len(ids) > 50
    python_facts, python_spans = facts.fact_rows(d.load(ids))
    stored = {row[0]: row for row in DossierFact.objects.filter(dossier_id__in=ids).values_list(*facts.FACT_COLUMNS)}
    for row in python_facts:
        got = stored[row[0]]
        assert got[:14] == row[:14] and abs(got[14] - row[14]) < 1e-6 and got[15:] == row[15:], row[0]
    spans = sorted(FactSpan.objects.filter(fact_id__in=ids).values_list(*facts.SPAN_COLUMNS))
    assert spans == sorted(python_spans)


def test_ratings_of_the_period_per_group(busy_dossiers):
    from motcua.dossiers.models import Dossier, DossierRating

    facts.refresh(full=True)
    returned = list(Dossier.objects.filter(parent__isnull=True, report_fact__isnull=False).order_by("pk")[:5])
    overall = ["satisfied", "satisfied", "satisfied", "neutral", "dissatisfied"]
    for dossier, value in zip(returned, overall, strict=True):
        rating = DossierRating.objects.create(dossier=dossier, overall=value)
        DossierRating.objects.filter(pk=rating.pk).update(created_at=dt.datetime(2026, 2, 12, 3, tzinfo=dt.UTC))
    DossierRating.objects.filter(dossier=returned[4]).update(created_at=dt.datetime(2026, 4, 2, tzinfo=dt.UTC))

    total = selectors.report(*PERIODS[0], group="province").total
    assert (total["ratings"], total["ratings_satisfied"], total["ratings_neutral"]) == (4, 3, 1)
    assert (total["share_satisfied"], total["share_dissatisfied"]) == (75.0, 0.0)
    assert selectors.report(*PERIODS[3], group="province").total["share_satisfied"] is None  # none that day
    for group in ("agency", "procedure", "channel"):
        stored = selectors.report(*PERIODS[0], group=group)
        reference = selectors.direct(*PERIODS[0], group=group)
        assert {value: figures["ratings"] for value, _label, figures in stored.rows} == {
            value: figures["ratings"] for value, figures in reference.items() if value != "total"}
        assert sum(figures["ratings"] for _value, _label, figures in stored.rows) == 4
