"""The imports between apps match docs/architecture.md."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]
ALLOWED = {
    "core": set(),
    "accounts": {"core", "organizations"},
    "organizations": {"core"},
    "workdays": {"core", "organizations"},
    "catalog": {"core", "organizations", "workdays"},
    "processes": {"core", "organizations", "workdays", "catalog"},
    "dossiers": {"core", "organizations", "workdays", "catalog", "processes"},
    "documents": {"core", "organizations", "workdays", "catalog", "processes", "dossiers"},
    "notifications": {"core", "organizations", "dossiers", "catalog", "workdays", "processes"},
    "workspace": {"core", "organizations", "workdays", "catalog", "processes", "dossiers"},
    "portal": {"core", "organizations", "workdays", "catalog", "processes", "dossiers", "documents", "notifications",
               "accounts"},
    "reports": {"core", "organizations", "workdays", "catalog", "processes", "dossiers", "documents"},
    "api": {"core", "organizations", "workdays", "catalog", "processes", "dossiers"},
    "demo": {"core", "organizations", "workdays", "catalog", "processes", "dossiers", "reports"},
}


def imported_apps(app: str) -> set[str]:
    found = set()
    for path in (PACKAGE / app).rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == "motcua" and len(parts) > 1 and parts[1] in ALLOWED:
                    found.add(parts[1])
    return found - {app}


def test_every_app_is_listed():
    apps = {p.name for p in PACKAGE.iterdir() if (p / "apps.py").exists()}
    assert apps == set(ALLOWED)


def test_apps_import_only_what_the_architecture_allows():
    unexpected = {app: imported_apps(app) - allowed for app, allowed in ALLOWED.items()}
    assert {app: deps for app, deps in unexpected.items() if deps} == {}
