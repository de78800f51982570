"""The periodic one-stop report as JSON, .xlsx (openpyxl: two header rows, merged groups, borders,
number formats, frozen panes) and PDF (WeasyPrint with the project's embedded Tinos fonts)."""

from __future__ import annotations

import io
import json

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .facts import freshness
from .selectors import Report

# (group header, column header, figure name, number format)
COLUMNS = (
    (gettext_lazy("Received"), gettext_lazy("Total"), "received", "#,##0"),
    (gettext_lazy("Received"), gettext_lazy("Carried over"), "carried_over", "#,##0"),
    (gettext_lazy("Received"), gettext_lazy("New at the counter"), "received_new_channel_1", "#,##0"),
    (gettext_lazy("Received"), gettext_lazy("New online"), "received_new_channel_2", "#,##0"),
    (gettext_lazy("Received"), gettext_lazy("New by post"), "received_new_channel_3", "#,##0"),
    (gettext_lazy("Resolved"), gettext_lazy("Total"), "resolved", "#,##0"),
    (gettext_lazy("Resolved"), gettext_lazy("Early"), "resolved_early", "#,##0"),
    (gettext_lazy("Resolved"), gettext_lazy("On time"), "resolved_on_time", "#,##0"),
    (gettext_lazy("Resolved"), gettext_lazy("Late"), "resolved_late", "#,##0"),
    (gettext_lazy("In progress"), gettext_lazy("Total"), "in_progress", "#,##0"),
    (gettext_lazy("In progress"), gettext_lazy("Within the deadline"), "in_progress_within", "#,##0"),
    (gettext_lazy("In progress"), gettext_lazy("Overdue"), "in_progress_overdue", "#,##0"),
    (gettext_lazy("Other"), gettext_lazy("Supplementation requests"), "supplementation_requests", "#,##0"),
    (gettext_lazy("Other"), gettext_lazy("Withdrawn"), "withdrawn", "#,##0"),
    (gettext_lazy("Other"), gettext_lazy("Stopped"), "stopped", "#,##0"),
    (gettext_lazy("Other"), gettext_lazy("Refused at intake"), "refused", "#,##0"),
    (gettext_lazy("Indicators"), gettext_lazy("Average processing time (working hours)"), "average_hours", "0.00"),
    (gettext_lazy("Indicators"), gettext_lazy("Resolved early or on time (%)"), "share_resolved_on_time", "0.00"),
    (gettext_lazy("Indicators"), gettext_lazy("On time, 766 (%)"), "on_time_766", "0.00"),
    (gettext_lazy("Indicators"), gettext_lazy("Online dossiers (%)"), "share_online", "0.00"),
    (gettext_lazy("Indicators"), gettext_lazy("E-results (%)"), "share_e_result", "0.00"),
    (gettext_lazy("Indicators"), gettext_lazy("Digitized (%)"), "share_digitized", "0.00"),
    (gettext_lazy("Indicators"), gettext_lazy("Reused data (%)"), "share_reused", "0.00"),
    (gettext_lazy("Indicators"), gettext_lazy("Paid online (%)"), "share_paid_online", "0.00"),
    (gettext_lazy("Ratings"), gettext_lazy("Ratings given"), "ratings", "#,##0"),
    (gettext_lazy("Ratings"), gettext_lazy("Satisfied (%)"), "share_satisfied", "0.00"),
    (gettext_lazy("Ratings"), gettext_lazy("Dissatisfied (%)"), "share_dissatisfied", "0.00"),
)


def title(rep: Report) -> str:
    return _("One-stop report on administrative procedures, %(first)s – %(last)s") % {
        "first": rep.first.strftime("%d/%m/%Y"), "last": rep.last.strftime("%d/%m/%Y")}


def freshness_text() -> str:
    state = freshness()
    if state is None or state.refreshed_at is None:
        return _("Figures not computed yet: run “motcua report --refresh”.")
    return _("Figures as of %(at)s") % {"at": timezone.localtime(state.refreshed_at).strftime("%H:%M %d/%m/%Y")}


def as_json(rep: Report) -> str:
    def clean(figures):
        return {k: (round(v, 2) if isinstance(v, float) else v) for k, v in sorted(figures.items())}

    data = {
        "title": title(rep), "from": rep.first.isoformat(), "to": rep.last.isoformat(), "group": rep.group,
        "scope": rep.scope.label, "freshness": freshness_text(),
        "rows": [{"id": value, "name": label, **clean(figures)} for value, label, figures in rep.rows],
        "total": clean(rep.total),
    }
    return json.dumps(data, ensure_ascii=False, indent=1)


def as_xlsx(rep: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = _("Report")[:31]
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor="DCE6F1")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    width = 2 + len(COLUMNS)
    sheet.cell(1, 1, title(rep)).font = Font(bold=True, size=13)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.cell(2, 1, f"{rep.scope.label} — {freshness_text()}").font = Font(italic=True)
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    top, sub = 4, 5
    for col, text in ((1, _("No.")), (2, _("Unit"))):
        sheet.cell(top, col, text)
        sheet.merge_cells(start_row=top, start_column=col, end_row=sub, end_column=col)
    col = 3
    while col - 3 < len(COLUMNS):
        group = COLUMNS[col - 3][0]
        span = 1
        while col - 3 + span < len(COLUMNS) and COLUMNS[col - 3 + span][0] == group:
            span += 1
        sheet.cell(top, col, str(group))
        if span > 1:
            sheet.merge_cells(start_row=top, start_column=col, end_row=top, end_column=col + span - 1)
        col += span
    for i, (_group, header, _name, _fmt) in enumerate(COLUMNS):
        sheet.cell(sub, 3 + i, str(header))
    for row in sheet.iter_rows(min_row=top, max_row=sub, max_col=width):
        for cell in row:
            cell.font, cell.alignment, cell.border, cell.fill = Font(bold=True), centre, border, head_fill
    r = sub + 1
    lines = [(str(n), label, figures) for n, (_v, label, figures) in enumerate(rep.rows, start=1)]
    lines.append(("", _("Total"), rep.total))
    for number, label, figures in lines:
        sheet.cell(r, 1, number)
        sheet.cell(r, 2, label)
        for i, (_g, _h, name, fmt) in enumerate(COLUMNS):
            cell = sheet.cell(r, 3 + i, figures.get(name))
            cell.number_format = fmt
        for c in range(1, width + 1):
            sheet.cell(r, c).border = border
            if not number:
                sheet.cell(r, c).font = Font(bold=True)
        r += 1
    sheet.column_dimensions["A"].width = 5
    sheet.column_dimensions["B"].width = 42
    for i in range(len(COLUMNS)):
        sheet.column_dimensions[get_column_letter(3 + i)].width = 13
    sheet.row_dimensions[sub].height = 48
    sheet.freeze_panes = sheet.cell(sub + 1, 3)
    sheet.print_options.gridLines = False
    sheet.page_setup.orientation = "landscape"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def as_pdf(rep: Report) -> bytes:
    from motcua.documents.rendering import html_to_pdf

    groups = []
    for group, _header, _name, _fmt in COLUMNS:
        if groups and groups[-1][0] == group:
            groups[-1][1] += 1
        else:
            groups.append([group, 1])
    rows = [(n, label, [figures.get(name) for _g, _h, name, _f in COLUMNS])
            for n, (_v, label, figures) in enumerate(rep.rows, start=1)]
    html = render_to_string("reports/report_pdf.html", {
        "title": title(rep), "scope": rep.scope.label, "freshness": freshness_text(), "groups": groups,
        "headers": [h for _g, h, _n, _f in COLUMNS], "rows": rows,
        "total": [rep.total.get(name) for _g, _h, name, _f in COLUMNS]})
    return html_to_pdf(html)
