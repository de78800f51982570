from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from motcua.catalog.demo import load_demo_catalog
from motcua.demo.scenario import open_demo_dossiers
from motcua.dossiers import seed
from motcua.dossiers.models import Dossier
from motcua.organizations.demo import PROVINCE_AGENCY_SUFFIX, load_demo_province
from motcua.organizations.geography import load_administrative_units
from motcua.organizations.models import Agency
from motcua.processes.demo import load_demo_processes
from motcua.reports import facts
from motcua.workdays.services import seed_national_calendar

# A year of dossiers, so that the inboxes, reports and the public page show something on a first run
# (about 13 s on SQLite); made only while there is no dossier at all.
DEMO_DOSSIERS = 3000
DEMO_MONTHS = 12
DEMO_SEED = 2025


class Command(BaseCommand):
    help = ("Load the demo province (Tây Ninh) with its communes, agencies, centres, demo accounts and a year "
            "of dossiers. Idempotent.")

    def add_arguments(self, parser):
        parser.add_argument("--dossiers", type=int, default=DEMO_DOSSIERS,
                            help=f"dossiers to generate when there are none yet (default {DEMO_DOSSIERS}; 0: none)")

    def handle(self, *args, **options):
        load_administrative_units()
        seed_national_calendar()
        result = load_demo_province()
        committee_code = f"000.00.00.{PROVINCE_AGENCY_SUFFIX}"
        catalog = load_demo_catalog(publishing_agency=committee_code)["report"]
        load_demo_processes(province_committee=Agency.objects.get(code=committee_code))
        self.stdout.write(_("Demo province: %(name)s — %(communes)d communes, %(agencies)d agencies, "
                            "%(centres)d service centres.") % {
            "name": result["province"].name, "communes": result["communes"],
            "agencies": result["agencies"], "centres": result["centres"]})
        self.stdout.write(_("Demo catalog: %(created)d new procedure(s), %(unchanged)d unchanged.") % {
            "created": len(catalog.created), "unchanged": len(catalog.unchanged)})
        if options["dossiers"] > 0 and not Dossier.objects.exists():
            made = seed.generate(n=options["dossiers"], months=DEMO_MONTHS, seed=DEMO_SEED, bulk=True, progress=False)
            waiting = open_demo_dossiers()
            facts.refresh(full=True)
            self.stdout.write(_("Demo dossiers: %(n)d received over the last %(months)d months and %(open)d "
                                "waiting for the demo officers today; the statistics are computed.") % {
                "n": made["dossiers"], "months": DEMO_MONTHS, "open": waiting})
        self.stdout.write(_("Demo logins (DEMO ONLY — never use these passwords in production):"))
        width = max(len(username) for username, _role, _name in result["accounts"])
        for username, role, name in result["accounts"]:
            self.stdout.write(f"  {username.ljust(width)}  {result['password']}  {role} – {name}")
