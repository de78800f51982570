"""Vietnamese is the default language: every string in the catalog is translated, placeholders intact."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

CATALOGS = [Path(path) / "vi" / "LC_MESSAGES" / "django.po" for path in settings.LOCALE_PATHS]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def entries():
    return [
        entry
        for catalog in CATALOGS
        if catalog.exists()
        for entry in polib.pofile(str(catalog))
        if not entry.obsolete
    ]


def test_vietnamese_catalog_is_complete():
    untranslated = [e.msgid for e in entries() if not (e.msgstr or any(e.msgstr_plural.values()))]
    fuzzy = [e.msgid for e in entries() if "fuzzy" in e.flags]
    assert untranslated == []
    assert fuzzy == []


def test_placeholders_survive_translation():
    for entry in entries():
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        for translated in [entry.msgstr, *entry.msgstr_plural.values()]:
            if translated:
                assert sorted(PLACEHOLDER.findall(translated)) == expected, entry.msgid


@pytest.mark.django_db
def test_default_language_is_vietnamese(client):
    page = client.get(reverse("portal:home")).content.decode()
    assert '<html lang="vi">' in page
    assert "Cổng dịch vụ công" in page


@pytest.mark.django_db
def test_english_on_request(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/portal/"})
    page = client.get(reverse("portal:home")).content.decode()
    assert '<html lang="en">' in page
    assert "Public services portal" in page


@pytest.mark.django_db
def test_pages_ignore_the_browsers_language_but_the_api_follows_it(client):
    page = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in page
    response = client.get("/api/v1/administrative-units/", {"parent": "99"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "No administrative unit in force" in response.json()["parent"][0]
