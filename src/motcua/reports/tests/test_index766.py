"""The 766 arithmetic (pure) and the configuration it reads."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from motcua.organizations.models import Agency
from motcua.reports import index766
from motcua.reports.models import IndexMetric, IndexVersion


def test_score_is_capped_and_scaled_by_the_target():
    assert index766.score(index766.Ratio(Decimal(40), Decimal(100)), max_points=6, target=50,
                          zero_rule="zero").points == Decimal("4.80")
    assert index766.score(index766.Ratio(Decimal(90), Decimal(100)), max_points=6, target=50,
                          zero_rule="zero").points == Decimal("6.00")
    full = index766.score(index766.Ratio(Decimal(0), Decimal(0)), max_points=6, target=100, zero_rule="full")
    assert full.points == Decimal(6) and full.percent is None
    assert index766.score(index766.Ratio(Decimal(0), Decimal(0)), max_points=6, target=100,
                          zero_rule="exclude").points is None


def test_satisfaction_grade_and_normalisation():
    ratio = index766.satisfaction_ratio(1000, 10, 5)
    assert ratio.value == Decimal("0.985")
    assert index766.satisfaction_ratio(0, 0, 0).value is None
    assert index766.grade(Decimal("91.2")) == "Xuất sắc" and index766.grade(Decimal("49.99")) == "Yếu"
    assert index766.normalised([Decimal(10), Decimal(5)], [Decimal(20), Decimal(10)]) == Decimal("50.00")


def test_default_metrics_cover_every_group_and_add_up_to_100():
    groups = {m[1] for m in index766.DEFAULT_METRICS}
    assert groups == {1, 2, 3, 4, 5, 6}
    assert sum(m[4] for m in index766.DEFAULT_METRICS) == 100


@pytest.mark.django_db
def test_the_seeded_configuration_is_editable_and_used(db):
    version = IndexVersion.objects.get(code="766-2022")
    assert version.metrics.count() == len(index766.DEFAULT_METRICS)
    IndexMetric.objects.filter(version=version, code="2.1").update(max_points=25)
    commune = Agency.objects.filter(kind="commune_committee").select_related("administrative_unit").first()
    out = io.StringIO()
    call_command("index766", "--from", "2026-01-01", "--to", "2026-03-31", "--unit",
                 commune.administrative_unit.code, "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    codes = [m["code"] for m in data["metrics"]]
    assert "1.1" not in codes and "4.6" not in codes and "2.1" in codes  # provincial-only metrics left out
    assert next(m for m in data["metrics"] if m["code"] == "2.1")["max_points"] == "25.00"
    assert data["scope"] == commune.administrative_unit.name
