from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from motcua.workdays.services import seed_national_calendar


class Command(BaseCommand):
    help = _("Create the national working-day calendar for 2020–2030 (idempotent; edited days are kept).")

    def handle(self, *args, **options):
        result = seed_national_calendar()
        self.stdout.write(_("Calendar %(code)s: %(days)d day(s) added.") % {
            "code": result["calendar"].code, "days": result["days_added"]})
