"""Benchmark of a complete counter intake in Chromium: a walk-in with a three-component dossier, from an
empty intake screen to the printed receipt (Mẫu 01), driven by the keyboard as a trained officer works.

    .venv/bin/python bench/bench_intake_browser.py [--rounds 10] [--port 8101] [--write docs/benchmarks.md]

1. Makes a fresh SQLite database in a temporary MOTCUA_VAR_DIR (or uses $BENCH_DATABASE_URL, e.g. a
   PostgreSQL database of your own, which it migrates and fills), loads the demo province (``motcua demo``)
   and serves it with ``motcua runserver --noreload`` on --port.
2. Picks a published procedure with exactly three components and an active process at a department, so
   that the provincial centre's counter officer (``canbo.motcua``) can receive it.
3. Logs in once in Debian's Chromium (Playwright, 1280×720), then runs --rounds intakes. Each intake is
   the same sequence of steps (listed in the output): open the intake screen (Alt+N), find the procedure
   by its code (Alt+1, type, Arrow Down, Enter), the ID number (Alt+2; every other round a returning
   applicant whose data fills in by itself), name, phone and address when new, tick the three components
   (Alt+3, Space, Tab…), attach the scan of each (a file chooser; the scanning itself is paper handling,
   not screen time), collect the fee (Alt+4), receive (Alt+R), and the receipt PDF ready to print.
4. Two figures per intake:
   * **screen time**: wall-clock seconds the software takes (the browser driving at machine speed:
     server, page loads, search, PDF) — what the system adds to the officer's own time;
   * **officer estimate**: screen time plus the keystroke-level model (Card, Moran & Newell, 1980) for
     what the officer does: K = 0.28 s per keystroke (an average skilled typist), M = 1.35 s to prepare
     each step, P = 1.1 s per pointing (attaching a scan). The goal is under 90 s.

With --write, replaces (or appends at the end) the section "## Counter intake (browser)" of the given
markdown file; other sections are left untouched.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MOTCUA = str(ROOT / ".venv" / "bin" / "motcua")
SECTION = "## Counter intake (browser)"
PASSWORD = "Demo-motcua-2025"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# Keystroke-level model operators (seconds).
K, M, P = 0.28, 1.35, 1.1


def chromium() -> str:
    for candidate in (os.environ.get("MOTCUA_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.path.exists(candidate):
            return candidate
    sys.exit("Chromium is needed (apt-get install chromium).")


def wait_for(url: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"The server did not answer at {url}.")


def port_free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def prepare(env: dict) -> None:
    for command in (["migrate", "--noinput", "-v", "0"], ["demo", "--dossiers", "0"], ["compilecatalogs"]):
        subprocess.run([MOTCUA, *command], env=env, check=True, stdout=subprocess.DEVNULL)


PICK = """
from motcua.catalog.models import ProcedureVersion
from motcua.organizations.models import Agency
from motcua.processes.models import Process
from django.db.models import Count
active = Process.objects.filter(status="active")
versions = (ProcedureVersion.objects.filter(status="published", procedure_id__in=active.values("procedure_id"))
            .annotate(n=Count("components")).filter(n=3).select_related("procedure").order_by("pk"))
# A department's procedure if there is one (the provincial centre's usual case), else a commune's.
for version in versions:
    agencies = list(Agency.objects.filter(pk__in=active.filter(procedure=version.procedure).values("agency_id")))
    agencies.sort(key=lambda a: a.kind != "department")
    if agencies[0].kind == "department":
        break
print(version.procedure.localised_code, version.pk, agencies[0].name, sep="\\t")
"""


def pick_procedure(env: dict) -> tuple[str, int, str]:
    done = subprocess.run([MOTCUA, "shell", "-c", PICK], env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"Could not pick a three-component procedure:\n{done.stderr}")
    out = done.stdout
    code, pk, agency = out.strip().splitlines()[-1].split("\t")
    return code, int(pk), agency


class Steps:
    """Times each step of one intake (screen time) and counts the officer's keystrokes and operators."""

    def __init__(self):
        self.rows: list[tuple[str, float, float]] = []

    def run(self, name: str, action, *, keys: int = 0, mental: int = 1, pointing: int = 0) -> None:
        start = time.perf_counter()
        action()
        self.rows.append((name, time.perf_counter() - start, keys * K + mental * M + pointing * P))

    @property
    def screen(self) -> float:
        return sum(r[1] for r in self.rows)

    @property
    def officer(self) -> float:
        return sum(r[1] + r[2] for r in self.rows)


def intake(page, base: str, code: str, agency: str, applicant: dict, returning: bool, scans: list[Path]) -> Steps:
    steps = Steps()

    def open_screen():
        page.keyboard.press("Alt+n")
        page.wait_for_url(f"{base}/workspace/intake/")
        page.locator("#procedure-search").wait_for()

    def find():
        page.keyboard.press("Alt+1")
        page.keyboard.type(code)
        page.locator("#hits a").first.wait_for()
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r".*/workspace/intake/\d+/$"))
        page.locator("#id_applicant_id_number").wait_for()

    def agency_field():
        page.locator("#id_deciding_agency").select_option(label=agency)

    def id_number():
        page.keyboard.press("Alt+2")
        page.keyboard.type(applicant["id_number"])
        if returning:
            page.wait_for_function("document.getElementById('id_applicant_name').value !== ''")

    def details():
        for field in ("name", "phone", "address"):
            page.locator(f"#id_applicant_{field}").fill(applicant[field])

    def checklist():
        page.keyboard.press("Alt+3")
        boxes = page.locator("table.checklist input[type=checkbox]")
        for index in range(boxes.count()):
            boxes.nth(index).focus()
            page.keyboard.press("Space")

    def attach():
        files = page.locator("table.checklist input[type=file]")
        for index in range(files.count()):
            files.nth(index).set_input_files(str(scans[index % len(scans)]))

    def fees():
        if page.locator("#id_fee_collected").count():
            page.keyboard.press("Alt+4")
            page.keyboard.press("Space")

    def receive():
        page.keyboard.press("Alt+r")
        page.wait_for_load_state()
        page.locator("#print-form, #form-errors").first.wait_for()
        if page.locator("#form-errors").count():
            sys.exit("The intake was refused: " + page.locator("#form-errors").inner_text())

    def receipt():
        url = page.locator("#print-form").get_attribute("href")
        response = page.request.get(base + url)
        assert response.ok and response.body().startswith(b"%PDF"), "the receipt is not a PDF"

    steps.run("open the intake screen (Alt+N)", open_screen, keys=1)
    steps.run("find the procedure by code (Alt+1, type, ↓, Enter)", find, keys=3 + len(code))
    steps.run("deciding agency (a choice in a list)", agency_field, keys=3)
    steps.run("ID number (Alt+2, 12 digits)" + (": returning applicant filled in" if returning else ""),
              id_number, keys=1 + len(applicant["id_number"]), mental=2 if returning else 1)
    if not returning:
        typed = sum(len(applicant[f]) for f in ("name", "phone", "address")) + 3  # + Tab between fields
        steps.run("name, phone, address (new applicant)", details, keys=typed, mental=3)
    steps.run("tick the three components (Alt+3, Space, Tab)", checklist, keys=1 + 3 + 2, mental=3)
    steps.run("attach the three scans (file chooser)", attach, keys=3, mental=3, pointing=3)
    steps.run("fee collected (Alt+4, Space)", fees, keys=2)
    steps.run("receive (Alt+R): code, due date, receipt page", receive, keys=1)
    steps.run("receipt Mẫu 01 as PDF, ready to print (Alt+P)", receipt, keys=1)
    return steps


def measure(args) -> dict:
    from playwright.sync_api import sync_playwright

    var = Path(tempfile.mkdtemp(prefix="motcua-bench-intake-"))
    env = {**os.environ, "MOTCUA_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": args.settings,
           "MOTCUA_OFFICER_2FA_REQUIRED": "0"}
    if os.environ.get("BENCH_DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    else:
        env.pop("DATABASE_URL", None)
    database = "postgresql" if env.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    if not port_free(args.port):
        sys.exit(f"Port {args.port} is busy.")
    print("preparing the database (migrate, demo province)…", flush=True)
    prepare(env)
    code, _pk, agency = pick_procedure(env)
    server = subprocess.Popen([MOTCUA, "runserver", f"127.0.0.1:{args.port}", "--noreload"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{args.port}"
    results = []
    try:
        wait_for(f"{base}/healthz")
        scans = []
        for index in range(3):
            scan = var / f"ban-quet-{index + 1}.pdf"
            scan.write_bytes(PDF)
            scans.append(scan)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium(), args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_context(viewport={"width": 1280, "height": 720}, locale="vi-VN").new_page()
            page.goto(f"{base}/accounts/login/")
            page.get_by_label("Tên đăng nhập").fill("canbo.motcua")
            page.get_by_label("Mật khẩu").fill(PASSWORD)
            page.get_by_role("button", name="Đăng nhập").click()
            page.wait_for_url(f"{base}/workspace/")
            # A warm-up intake (first requests compile templates, load the catalog's vocabulary).
            intake(page, base, code, agency, applicant(0), False, scans)
            for round_ in range(1, args.rounds + 1):
                returning = round_ % 2 == 0
                steps = intake(page, base, code, agency, applicant(round_ - 1 if returning else round_), returning,
                               scans)
                results.append((returning, steps))
                print(f"round {round_}: screen {steps.screen:.2f} s, officer estimate {steps.officer:.1f} s"
                      f"{' (returning applicant)' if returning else ''}", flush=True)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(var, ignore_errors=True)
    return {"code": code, "agency": agency, "results": results, "database": database}


def applicant(index: int) -> dict:
    return {"id_number": f"0720900{index:05d}", "name": f"Nguyễn Thị Thu Hà {index}", "phone": "0912345678",
            "address": "Số 12 đường 30 tháng 4, Phường Tân Ninh, Tỉnh Tây Ninh"}


def report(data: dict, args) -> str:
    results = data["results"]
    new = [s for returning, s in results if not returning]
    back = [s for returning, s in results if returning]
    med = statistics.median
    typical = new[len(new) // 2] if new else back[0]
    lines = [SECTION, "",
             f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC by `bench/bench_intake_browser.py --rounds "
             f"{args.rounds}` ({data['database']}, `motcua runserver`, Debian Chromium through Playwright, 1280×720).",
             "",
             f"- Machine: {os.cpu_count()} CPU(s); Python {platform.python_version()}; the server, the database and "
             f"the browser share the machine",
             f"- Procedure: `{data['code']}` (three components), deciding agency {data['agency']}; counter officer "
             "of the provincial centre; each scan a small PDF (the scanner's own time is paper handling, not counted)",
             "- Officer estimate = screen time + keystroke-level model (K 0.28 s per keystroke, M 1.35 s per step, "
             "P 1.1 s per pointing), for a trained officer who knows the shortcuts",
             "",
             "| intake | steps | screen time (median) | officer estimate (median) | goal |",
             "|---|---|---|---|---|"]
    if new:
        lines.append(f"| new applicant (types name, phone, address) | {len(new[0].rows)} | "
                     f"{med(s.screen for s in new):.2f} s | {med(s.officer for s in new):.1f} s | < 90 s |")
    if back:
        lines.append(f"| returning applicant (data filled in by ID number) | {len(back[0].rows)} | "
                     f"{med(s.screen for s in back):.2f} s | {med(s.officer for s in back):.1f} s | < 90 s |")
    lines += ["", "Steps of one intake of a new applicant (the median round):", "",
              "| # | step | screen time | officer (model) |", "|---|---|---|---|"]
    for index, (name, seconds, model) in enumerate(typical.rows, start=1):
        lines.append(f"| {index} | {name} | {seconds:.2f} s | {model:.1f} s |")
    every = "; ".join(f"{s.screen:.2f} s / {s.officer:.1f} s{' (returning)' if r else ''}" for r, s in results)
    lines += ["", f"Every round (screen / officer estimate): {every}.", ""]
    worst = max(s.officer for _r, s in results)
    lines.append(f"Goal (a complete intake under 90 s for a trained officer): "
                 f"{'met' if worst < 90 else 'missed'} — the slowest round is estimated at {worst:.1f} s.")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--port", type=int, default=8101)
    ap.add_argument("--settings", default="motcua.settings.dev")
    ap.add_argument("--write", metavar="MARKDOWN", help=f"replace or append the '{SECTION}' section there")
    args = ap.parse_args()
    data = measure(args)
    text = report(data, args)
    print(text)
    if args.write:
        from bench_workdays import write_section

        write_section(Path(args.write), text, SECTION)


if __name__ == "__main__":
    main()
