import datetime as dt

from django.db import migrations


def seed(apps, schema_editor):
    from motcua.reports.index766 import DEFAULT_BANDS, DEFAULT_METRICS

    IndexVersion = apps.get_model("reports", "IndexVersion")
    IndexMetric = apps.get_model("reports", "IndexMetric")
    version, _created = IndexVersion.objects.get_or_create(code="766-2022", defaults={
        "name": "Bộ chỉ số 766 (Quyết định 766/QĐ-TTg ngày 23/6/2022)", "valid_from": dt.date(2022, 6, 23),
        "bands": [list(b) for b in DEFAULT_BANDS]})
    for position, (code, group, group_name, name, max_points, target, formula, zero_rule, communes) in enumerate(
            DEFAULT_METRICS):
        IndexMetric.objects.get_or_create(version=version, code=code, defaults={
            "group": group, "group_name": group_name, "name": name, "max_points": max_points, "target": target,
            "formula": formula, "zero_rule": zero_rule, "applies_to_communes": communes, "position": position})


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
