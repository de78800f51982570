from django.db import migrations


def seed(apps, schema_editor):
    from motcua.notifications.defaults import ensure_default_rules

    ensure_default_rules(apps.get_model("notifications", "NotificationRule"))


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
