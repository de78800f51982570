"""The CLI and the exports: JSON equal to the report, an .xlsx LibreOffice opens, a PDF with the figures."""

import csv
import datetime as dt
import io
import json
import subprocess

import pytest
from django.core.management import CommandError, call_command

from motcua.reports import facts, selectors

pytestmark = pytest.mark.django_db

FIRST, LAST = "2026-01-01", "2026-03-31"


@pytest.fixture
def refreshed(busy_dossiers):
    facts.refresh(full=True)
    return selectors.report(dt.date(2026, 1, 1), dt.date(2026, 3, 31), group="agency")


def test_json_report_equals_the_selector(refreshed):
    out = io.StringIO()
    call_command("report", "--from", FIRST, "--to", LAST, "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["total"]["received"] == refreshed.total["received"] > 0
    assert [(r["name"], r["resolved_late"]) for r in data["rows"]] == [
        (label, figures["resolved_late"]) for _v, label, figures in refreshed.rows]
    assert data["title"].startswith("Báo cáo")


def test_bad_input_names_the_field(db):
    with pytest.raises(CommandError, match="--from"):
        call_command("report", "--from", "2026-13-01", "--to", LAST)
    with pytest.raises(CommandError, match="--agency"):
        call_command("report", "--from", FIRST, "--to", LAST, "--agency", "999.99.99.H99")


@pytest.mark.libreoffice
def test_xlsx_opens_in_libreoffice(refreshed, tmp_path):
    target = tmp_path / "bao-cao.xlsx"
    call_command("report", "--from", FIRST, "--to", LAST, "--format", "xlsx", "--output", str(target))
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1",
                    "--outdir", str(tmp_path), str(target)], check=True, capture_output=True, timeout=180)
    rows = list(csv.reader((tmp_path / "bao-cao.csv").read_text(encoding="utf-8").splitlines()))
    assert rows[0][0].startswith("Báo cáo tình hình giải quyết thủ tục hành chính")
    header = rows[4]
    assert "Kỳ trước chuyển sang" in header and "Trước hạn" in header and "Quá hạn" in header
    total = next(r for r in rows if r[1] == "Tổng cộng")
    assert int(total[2].replace(",", "").replace(".", "")) == refreshed.total["received"]
    agencies = [r for r in rows[5:] if r[0].isdigit()]
    assert len(agencies) == len(refreshed.rows)


@pytest.mark.pdf
def test_pdf_carries_the_figures_in_vietnamese(refreshed, tmp_path):
    target = tmp_path / "bao-cao.pdf"
    call_command("report", "--from", FIRST, "--to", LAST, "--format", "pdf", "--output", str(target))
    fonts = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True, check=True).stdout
    assert "Tinos" in fonts
    text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH" in text.upper()
    assert "Tổng cộng" in text and "Đang giải quyết" in text
    assert f"{refreshed.total['received']:,}".replace(",", ".") in text


def test_index766_json(refreshed):
    out = io.StringIO()
    call_command("index766", "--from", FIRST, "--to", LAST, "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    codes = [m["code"] for m in data["metrics"]]
    assert codes[:5] == ["1.1", "1.2", "1.3", "1.4", "2.1"] and "5.4" in codes and len(codes) == 23
    assert [g["group"] for g in data["groups"]] == [1, 2, 3, 4, 5, 6]
    on_time = next(m for m in data["metrics"] if m["code"] == "2.1")
    t = refreshed.total
    assert int(on_time["numerator"]) == t["ended_on_time"] + t["in_progress_within"]
    assert int(on_time["denominator"]) == t["ended"] + t["in_progress"]
    # The province's dossiers are all the demo's: the same handled count through the province scope.
    assert data["grade"]
