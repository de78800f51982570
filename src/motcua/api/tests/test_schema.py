"""The committed OpenAPI schema (docs/openapi.yaml) matches the code; regenerate with `make schema`."""

from io import StringIO
from pathlib import Path

from django.core.management import call_command

COMMITTED = Path(__file__).resolve().parents[4] / "docs" / "openapi.yaml"


def test_committed_schema_matches_the_code(tmp_path):
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--lang", "en", "--file", str(generated), "--validate", stdout=StringIO(),
                 stderr=StringIO())
    assert generated.read_text(encoding="utf-8") == COMMITTED.read_text(encoding="utf-8"), (
        "docs/openapi.yaml is out of date: run `make schema` and commit it")
