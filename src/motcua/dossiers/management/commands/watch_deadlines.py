"""motcua watch_deadlines: one run of the deadline watch (the same job Celery beat runs every 15 minutes)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ... import watch


class Command(BaseCommand):
    help = _("Flags dossiers whose step or total due instant is near or past and warns their assignees, once.")

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=None,
                            help=_("Dossiers read per batch (default: MOTCUA_DEADLINE_WATCH_BATCH)."))

    def handle(self, *args, batch_size=None, **options):
        if batch_size is not None and batch_size < 1:
            raise CommandError(_("--batch-size must be at least 1."))
        try:
            result = watch.run(batch_size=batch_size)
        except ValueError as exc:  # a threshold in MOTCUA_DEADLINE_THRESHOLDS that cannot be read
            raise CommandError(str(exc)) from exc
        self.stdout.write(_("Examined %(examined)d dossiers in %(batches)d batches: %(due_soon)d due soon, "
                            "%(overdue)d overdue, %(changed)d flags changed, %(warnings)d warnings.")
                          % result.as_dict())
        for error in result.errors:
            self.stderr.write(error)
