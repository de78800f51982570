"""motcua process export PROCEDURE_CODE AGENCY_CODE FILE | process import FILE [--draft]"""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.processes.interchange import import_process, process_as_dict
from motcua.processes.models import Process


class Command(BaseCommand):
    help = _("Import or export an internal process as JSON.")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        exporting = actions.add_parser("export", help=_("write the active process of a procedure at an agency"))
        exporting.add_argument("procedure", metavar="PROCEDURE_CODE")
        exporting.add_argument("agency", metavar="AGENCY_CODE")
        exporting.add_argument("file", type=Path, metavar="FILE")
        importing = actions.add_parser("import", help=_("create a process from a file (checked, then activated)"))
        importing.add_argument("file", type=Path, metavar="FILE")
        importing.add_argument("--draft", action="store_true", help=_("keep it as a draft"))

    def handle(self, *args, **options):
        if options["action"] == "export":
            process = Process.objects.filter(procedure__localised_code=options["procedure"],
                                             agency__code=options["agency"], status=Process.Status.ACTIVE).first()
            if process is None:
                raise CommandError(_("No active process for this procedure and agency."), returncode=2)
            options["file"].write_text(json.dumps(process_as_dict(process), ensure_ascii=False, indent=2) + "\n",
                                       encoding="utf-8")
            self.stdout.write(str(options["file"]))
            return
        try:
            data = json.loads(options["file"].read_text(encoding="utf-8"))
            process = import_process(actor=None, data=data, activate=not options["draft"])
        except (OSError, ValueError) as error:
            raise CommandError(_("FILE: %(path)s cannot be read as a process (%(error)s).") % {
                "path": options["file"], "error": error}, returncode=2) from error
        except ValidationError as error:
            lines = [f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()]
            raise CommandError("\n".join(lines), returncode=2) from error
        self.stdout.write(_("Process %(name)s version %(number)d created.") % {"name": process.name,
                                                                              "number": process.number})
