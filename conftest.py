"""Test-wide set-up.

* The test database starts with Vietnam's administrative units and the demo province, loaded once.
* Tests marked ``postgres`` or ``browser`` run only where PostgreSQL / Chromium are available; with
  MOTCUA_REQUIRE_ALL=1 (set by .ci/run) a missing one fails the test instead of skipping it, and any
  skip at all fails the run.
"""

import os
import shutil

import pytest

REQUIRE_ALL = os.environ.get("MOTCUA_REQUIRE_ALL") == "1"


def chromium_path() -> str | None:
    for candidate in (os.environ.get("MOTCUA_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser"), shutil.which("google-chrome")):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


def _database_is_postgres() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def pytest_configure(config):
    # Tests read the compiled catalogs; compile any .po newer than its .mo (pure Python, fast).
    from django.conf import settings

    from motcua.core.management.commands.compilecatalogs import compile_catalogs

    compile_catalogs(settings.LOCALE_PATHS)


def pytest_runtest_setup(item):
    missing = None
    if item.get_closest_marker("postgres") and not _database_is_postgres():
        missing = "PostgreSQL (set DATABASE_URL=postgres://...)"
    if item.get_closest_marker("browser") and chromium_path() is None:
        missing = "Chromium (apt-get install chromium)"
    if item.get_closest_marker("pdf") and shutil.which("pdftotext") is None:
        missing = "poppler-utils (pdftotext)"
    if item.get_closest_marker("clamav") and not (shutil.which("clamd") or os.path.exists("/usr/sbin/clamd")):
        missing = "ClamAV's daemon (apt-get install clamav clamav-daemon)"
    if item.get_closest_marker("libreoffice") and shutil.which("soffice") is None:
        missing = "LibreOffice (apt-get install libreoffice-calc)"
    if missing:
        if REQUIRE_ALL:
            pytest.fail(f"MOTCUA_REQUIRE_ALL=1 but this test needs {missing}")
        pytest.skip(f"needs {missing}")


def pytest_sessionfinish(session, exitstatus):
    if not REQUIRE_ALL:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped:
        reporter.write_line(f"MOTCUA_REQUIRE_ALL=1: {skipped} test(s) skipped; failing the run.", red=True)
        session.exitstatus = 1


def _load_demo_processes():
    from motcua.organizations.models import Agency
    from motcua.processes.demo import load_demo_processes

    load_demo_processes(province_committee=Agency.objects.get(code="000.00.00.H53"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from motcua.catalog.demo import load_demo_catalog
    from motcua.organizations.demo import load_demo_province
    from motcua.organizations.geography import load_administrative_units
    from motcua.workdays.services import seed_national_calendar

    with django_db_blocker.unblock():
        load_administrative_units()
        seed_national_calendar()
        load_demo_province()
        load_demo_catalog(publishing_agency="000.00.00.H53")
        _load_demo_processes()


@pytest.fixture
def demo_data(transactional_db):
    """For transactional (live-server) tests, whose database is emptied after each test: load it again."""
    from motcua.catalog.demo import load_demo_catalog
    from motcua.organizations.demo import load_demo_province
    from motcua.organizations.geography import load_administrative_units
    from motcua.workdays.services import seed_national_calendar

    load_administrative_units()
    seed_national_calendar()
    result = load_demo_province()
    load_demo_catalog(publishing_agency="000.00.00.H53")
    _load_demo_processes()
    return result


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright (no browser download)."""
    executable = chromium_path()
    if executable is None:
        pytest.skip("needs Chromium")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls in the test are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, request):
    context = chromium.new_context(viewport={"width": 1280, "height": 720}, locale="vi-VN")
    page = context.new_page()
    yield page
    artifacts = os.path.join(os.path.dirname(__file__), "test-artifacts", "screenshots")
    os.makedirs(artifacts, exist_ok=True)
    page.screenshot(path=os.path.join(artifacts, f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture
def axe():
    """Runs axe-core (WCAG 2.1 A and AA rules) on a page; returns the serious and critical violations.

    Usage: ``assert axe(page) == []``. Each violation is reduced to its rule id and the first offending nodes, so a
    failing assertion says what to fix."""
    from axe_playwright_python.sync_playwright import Axe

    engine = Axe()

    def run(page) -> list[dict]:
        results = engine.run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a",
                                                                                    "wcag21aa"]}})
        return [
            {"rule": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [node["target"] for node in v["nodes"][:5]]}
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    return run


@pytest.fixture(autouse=True)
def _fresh_generations():
    """Rolled-back test transactions send no signal: no test sees what another one cached (scopes,
    processes, calendars: core/generations.py)."""
    from motcua.core import generations

    generations.reset_all()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language (Vietnamese), whatever an earlier test activated."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
