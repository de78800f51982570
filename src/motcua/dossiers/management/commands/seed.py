import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.dossiers import seed


class Command(BaseCommand):
    help = ("Generate realistic dossiers for the demo province: through the services (exact, slow) or in bulk "
            "(the same rows, fast). Deterministic for a given --seed, --dossiers, --months and --until.")

    def add_arguments(self, parser):
        parser.add_argument("--dossiers", type=int, required=True, help="how many dossiers")
        parser.add_argument("--months", type=int, default=6, help="received over the last M months (default 6)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument("--bulk", action="store_true", help="write in bulk instead of through the services")
        parser.add_argument("--writer", choices=["bulk_create", "copy"], default="bulk_create",
                            help="with --bulk: bulk_create (any database) or copy (PostgreSQL COPY, fastest)")
        parser.add_argument("--until", help="end date YYYY-MM-DD, excluded (default: today)")
        parser.add_argument("--procedure", action="append", dest="procedures",
                            help="only this procedure (code; repeatable)")
        parser.add_argument("--chunk-size", type=int, default=5000, help="with --bulk: dossiers per transaction")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        try:
            until = dt.date.fromisoformat(options["until"]) if options["until"] else None
        except ValueError as error:
            raise CommandError(_("--until takes a date as YYYY-MM-DD.")) from error
        started = time.perf_counter()
        try:
            result = seed.generate(
                n=options["dossiers"], months=options["months"], seed=options["seed"], until=until,
                bulk=options["bulk"], writer=options["writer"], chunk_size=options["chunk_size"],
                procedures=options["procedures"], progress=not options["no_progress"] and options["verbosity"] > 0)
        except ValueError as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started
        n = result["dossiers"]
        outcomes = result["outcomes"]
        self.stdout.write(_("%(n)d dossier(s) received %(period)s, written %(path)s in %(seconds).1f s "
                            "(%(rate).0f dossiers/s), seed %(seed)d.") % {
            "n": n, "period": result["period"], "path": result["path"], "seconds": elapsed,
            "rate": n / elapsed if elapsed else 0, "seed": result["seed"]})
        if n:
            self.stdout.write(_("Outcomes: %(outcomes)s. Channels: %(channels)s.") % {
                "outcomes": ", ".join(f"{k} {v} ({100 * v / n:.2f}%)" for k, v in sorted(outcomes.items())),
                "channels": ", ".join(f"{k} {v} ({100 * v / n:.1f}%)" for k, v in sorted(result["channels"].items()))})
            self.stdout.write(_("Supplementation %(s)d, financial obligation %(o)d, rescheduled %(r)d, "
                                "inter-agency children %(c)d.") % {
                "s": result["supplemented"], "o": result["obligations"], "r": result["rescheduled"],
                "c": result["inter_agency_children"]})
