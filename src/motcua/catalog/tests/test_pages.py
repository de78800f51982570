"""The public catalog pages: search and browse, a procedure and its history, life events, 404 for drafts.

UI wording is checked in English (the source language: stable whatever the translators do); data and the
Vietnamese number format are checked in Vietnamese, the default."""

import re

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse

from motcua.catalog import services
from motcua.catalog.models import Component, Field, LifeEvent, Procedure, ProcedureVersion
from motcua.organizations.models import Agency, ServiceCentre

pytestmark = pytest.mark.django_db

BIRTH = "1.001193.000.00.00.H53"
CONTRACT = "2.001035.000.00.00.H53"  # a commune procedure with a 50,000 VND fee
DRAFT_ONLY = "1.011606.000.00.00.H53"  # its legal time limit is unknown: loaded as a draft


def english(client):
    """These assertions read the English wording: choose English as a person does (the language cookie)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def get(client, url, **params):
    return english(client).get(url, params)


def listed_codes(html: str) -> list[str]:
    return re.findall(r'<span class="procedure-code">([^<]+)</span>', html)


def published(**lookups):
    return ProcedureVersion.objects.filter(status=ProcedureVersion.Status.PUBLISHED, **lookups)


def test_home_has_search_as_you_type_that_also_works_without_javascript(client):
    html = get(client, reverse("catalog:home")).content.decode()
    form = re.search(r'<form role="search"[^>]*>', html).group(0)
    assert 'method="get"' in form and f'action="{reverse("catalog:home")}"' in form
    field = re.search(r'<input type="search" id="catalog-q"[^>]*>', html, re.S).group(0)
    assert 'name="q"' in field
    assert f'hx-get="{reverse("catalog:results")}"' in field
    assert 'hx-trigger="input changed delay:250ms, search"' in field
    assert '<label for="catalog-q">' in html
    assert 'role="status"' in html and 'aria-live="polite"' in html
    assert "/static/motcua/js/htmx.min.js" in html and "unpkg" not in html


def test_home_offers_life_events_and_browsing_with_counts(client):
    html = get(client, reverse("catalog:home")).content.decode()
    for event in LifeEvent.objects.all():
        assert reverse("catalog:life_event", args=[event.code]) in html
    assert "Có con nhỏ" in html and "Khởi nghiệp kinh doanh" in html
    civil = published(procedure__field__code="HOTICH").count()
    assert f'?field=HOTICH">Hộ tịch</a> <span class="count">({civil})</span>' in html
    communes = published(levels__icontains='"commune"').count()
    assert f'?level=commune">Commune</a> <span class="count">({communes})</span>' in html
    organisations = published(applicants__icontains='"organisation"').count()
    assert f'?applicant=organisation">Organisations and businesses</a> <span class="count">({organisations})</span>' in html
    online = published(online_level="full").count()
    assert f'?online_level=full">Fully online (toàn trình)</a> <span class="count">({online})</span>' in html
    centre = ServiceCentre.objects.get(code="000.00.20.H53")
    assert f"?agency={centre.code}\">{centre.name}</a>" in html
    commune = Agency.objects.get(name="Ủy ban nhân dân phường Tân Ninh")
    assert f'<option value="{commune.code}"' in html
    assert "<h1>Administrative procedures</h1>" in html and 'id="browse"' in html and 'id="life-events"' in html


@pytest.mark.parametrize(("params", "lookups"), [
    ({"field": "HOTICH"}, {"procedure__field__code": "HOTICH"}),
    ({"level": "province"}, {"levels__icontains": '"province"'}),
    ({"applicant": "organisation"}, {"applicants__icontains": '"organisation"'}),
    ({"online_level": "partial"}, {"online_level": "partial"}),
    ({"field": "HOTICH", "online_level": "full"}, {"procedure__field__code": "HOTICH", "online_level": "full"}),
])
def test_browse_filters_list_exactly_the_matching_published_procedures(client, params, lookups):
    response = get(client, reverse("catalog:home"), page_size=100, **params)
    assert response.status_code == 200
    expected = set(published(**lookups).values_list("procedure__localised_code", flat=True))
    assert expected
    codes = []
    page = 1
    while True:
        html = get(client, reverse("catalog:home"), page=page, **params).content.decode()
        codes += listed_codes(html)
        if 'rel="next"' not in html:
            break
        page += 1
    assert set(codes) == expected and len(codes) == len(expected)
    assert DRAFT_ONLY not in codes


def test_browse_by_place_lists_what_is_offered_there(client):
    centre = ServiceCentre.objects.get(code="000.00.20.H53")  # the provincial centre: province procedures
    html = get(client, reverse("catalog:home"), agency=centre.code).content.decode()
    codes = listed_codes(html)
    assert codes and "2.001195.000.00.00.H53" in codes and BIRTH not in codes
    commune = Agency.objects.get(name="Ủy ban nhân dân phường Tân Ninh")
    html = get(client, reverse("catalog:home"), agency=commune.code).content.decode()
    assert BIRTH in listed_codes(html)


def test_browse_is_paginated_and_keeps_the_filters(client):
    total = published(levels__icontains='"commune"').count()
    assert total > 20
    html = get(client, reverse("catalog:home"), level="commune").content.decode()
    assert len(listed_codes(html)) == 20
    assert f"{total} procedures." in html
    assert "?level=commune&amp;page=2" in html
    second = get(client, reverse("catalog:home"), level="commune", page=2).content.decode()
    assert len(listed_codes(second)) == min(20, total - 20)
    assert not set(listed_codes(second)) & set(listed_codes(html))


def test_bad_filter_values_are_refused_by_name(client):
    response = get(client, reverse("catalog:home"), level="planet", field="NOPE", agency="000.00.00.X99")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Level:" in html and "Field:" in html and "Place:" in html
    assert listed_codes(html) == []


def test_search_partial_finds_without_diacritics_and_fills_the_status(client):
    response = english(client).get(reverse("catalog:results"), {"q": "khai sinh"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "Thủ tục đăng ký khai sinh" in html and BIRTH in listed_codes(html)
    assert 'id="catalog-status" hx-swap-oob="innerHTML"' in html
    assert re.search(r"\d+ procedures? found for “khai sinh”", html)


def test_on_the_catalog_page_the_address_follows_the_words(client):
    home = reverse("catalog:home")
    response = client.get(reverse("catalog:results"), {"q": "khai sinh", "level": "", "field": "HOTICH"},
                          HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL=f"http://testserver{home}")
    assert response["HX-Replace-Url"] == f"{home}?q=khai+sinh&field=HOTICH"
    cleared = client.get(reverse("catalog:results"), {"q": ""}, HTTP_HX_REQUEST="true",
                         HTTP_HX_CURRENT_URL=f"http://testserver{home}?q=khai")
    assert cleared["HX-Replace-Url"] == home
    portal = client.get(reverse("catalog:results"), {"q": "khai sinh"}, HTTP_HX_REQUEST="true",
                        HTTP_HX_CURRENT_URL=f"http://testserver{reverse('portal:home')}")
    assert "HX-Replace-Url" not in portal


def test_search_partial_with_filters_and_without_words(client):
    html = get(client, reverse("catalog:results"), q="khai sinh", field="CUTRU").content.decode()
    assert BIRTH not in listed_codes(html)
    assert get(client, reverse("catalog:results")).content.decode().count("<li") == 0
    html = get(client, reverse("catalog:results"), q="zzzqqq xyzzy").content.decode()
    assert "No procedure found for “zzzqqq xyzzy”." in html


def test_the_full_page_shows_the_same_search_results_without_javascript(client):
    html = get(client, reverse("catalog:home"), q="khai sinh").content.decode()
    assert BIRTH in listed_codes(html)
    assert 'value="khai sinh"' in html


def test_procedure_page_shows_every_part(client):
    version = published(procedure__localised_code=BIRTH).get()
    response = english(client).get(reverse("catalog:procedure", args=[BIRTH]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1 id=\"procedure-title\">Thủ tục đăng ký khai sinh</h1>" in html
    assert BIRTH in html and "Hộ tịch" in html
    assert "Commune" in html and "Commune People&#x27;s Committee" in html  # level, deciding agency kind
    assert "Citizens" in html and "At the counter, Online, By post" in html and "Fully online (toàn trình)" in html
    assert "1 working day" in html
    assert "Dossiers received after 15:00 count from the next working day." in html
    assert "Cổng DVCQG chỉ ghi con số" in html  # the note on the time limit
    for line in version.steps.splitlines():
        assert line.strip() in html
    for component in version.components.all():
        assert component.name in html
    assert html.count("May be taken from the document vault") == version.components.filter(from_vault=True).count()
    assert "Tờ khai đăng ký khai sinh" in html  # form name
    assert "Trẻ bị bỏ rơi" in html and "Only when needed" in html  # condition of an optional component
    assert "Lệ phí đăng ký khai sinh" in html and "Phí cấp bản sao Giấy khai sinh" in html
    assert "Thông tư số 281/2016/TT-BTC" in html  # a fee given by its rule
    assert "Giấy khai sinh (bản chính)" in html and "A paper result is required by law." in html
    assert "An electronic result is available." in html
    assert "Luật Hộ tịch số 60/2014/QH13" in html and "Cha hoặc mẹ có trách nhiệm" in html
    assert "163/QĐ-BTP" in html and "dichvucong.gov.vn" in html
    assert "Trung tâm Phục vụ hành chính công phường Tân Ninh" in html
    assert "Ủy ban nhân dân phường Tân Ninh" in html
    assert reverse("catalog:history", args=[BIRTH]) in html


def test_unconfirmed_facts_are_visible(client):
    html = get(client, reverse("catalog:procedure", args=[BIRTH])).content.decode()
    note = re.search(r'<div class="notice warn" role="note" id="unconfirmed-note">(.*?)</div>', html, re.S).group(1)
    assert "processing time" in note and "publishing decision" in note
    assert html.count('class="unconfirmed"') == 2


def test_fees_are_written_the_vietnamese_way(client):
    html = client.get(reverse("catalog:procedure", args=[CONTRACT])).content.decode()
    assert "50.000 đồng" in html
    birth = client.get(reverse("catalog:procedure", args=[BIRTH])).content.decode()
    assert "0 đồng" in birth
    english = get(client, reverse("catalog:procedure", args=[CONTRACT])).content.decode()
    assert "50,000 VND" in english


def test_procedure_page_is_printable_on_a4(client):
    html = get(client, reverse("catalog:procedure", args=[BIRTH])).content.decode()
    stylesheet = reverse("catalog:stylesheet")
    assert f'<link rel="stylesheet" href="{stylesheet}' in html
    assert 'class="print-only' in html and 'class="breadcrumbs no-print"' in html
    css = client.get(stylesheet)
    assert css.status_code == 200 and css["Content-Type"].startswith("text/css")
    text = css.content.decode()
    assert "@media print" in text and "size: A4" in text and ".site-header" in text
    assert len(css.content) < 8000


def test_a_national_code_leads_to_the_local_procedure(client):
    response = client.get(reverse("catalog:procedure", args=["1.001193"]))
    assert response.status_code == 302 and response["Location"] == reverse("catalog:procedure", args=[BIRTH])


def test_drafts_and_unknown_codes_are_not_found(client):
    assert client.get(reverse("catalog:procedure", args=[DRAFT_ONLY])).status_code == 404
    assert client.get(reverse("catalog:history", args=[DRAFT_ONLY])).status_code == 404
    assert client.get(reverse("catalog:version", args=[DRAFT_ONLY, 1])).status_code == 404
    assert client.get(reverse("catalog:procedure", args=["9.999999.000.00.00.H53"])).status_code == 404
    assert client.get("/procedures/not-a-code/").status_code == 404
    draft = services.start_draft(actor=None, procedure=Procedure.objects.get(localised_code=BIRTH))
    assert client.get(reverse("catalog:version", args=[BIRTH, draft.number])).status_code == 404
    html = get(client, reverse("catalog:history", args=[BIRTH])).content.decode()
    assert reverse("catalog:version", args=[BIRTH, draft.number]) not in html


def test_history_lists_versions_and_old_ones_stay_readable(client):
    procedure = Procedure.objects.get(localised_code=BIRTH)
    draft = services.start_draft(actor=None, procedure=procedure)
    ProcedureVersion.objects.filter(pk=draft.pk).update(name="Thủ tục đăng ký khai sinh (sửa đổi)")
    services.publish_version(actor=None, version=draft)
    html = get(client, reverse("catalog:history", args=[BIRTH])).content.decode()
    assert reverse("catalog:version", args=[BIRTH, 1]) in html and reverse("catalog:version", args=[BIRTH, 2]) in html
    assert "Retired" in html and "Published" in html
    old = get(client, reverse("catalog:version", args=[BIRTH, 1])).content.decode()
    assert "<h1 id=\"procedure-title\">Thủ tục đăng ký khai sinh</h1>" in old
    assert "Version 1 is no longer in force." in old and "Read the version in force" in old
    current = get(client, reverse("catalog:procedure", args=[BIRTH])).content.decode()
    assert "Thủ tục đăng ký khai sinh (sửa đổi)" in current and "no longer in force" not in current


def test_life_event_page_lists_its_procedures_in_order(client):
    event = LifeEvent.objects.get(code="co-con-nho")
    response = get(client, reverse("catalog:life_event", args=[event.code]))
    html = response.content.decode()
    assert response.status_code == 200 and "<h1>Có con nhỏ</h1>" in html
    expected = [item.procedure.localised_code for item in event.items.order_by("position")
                if item.procedure.current_version_id]
    assert listed_codes(html) == expected
    assert get(client, reverse("catalog:life_event", args=["no-such-event"])).status_code == 404
    listing = get(client, reverse("catalog:life_events")).content.decode()
    assert reverse("catalog:life_event", args=[event.code]) in listing


def test_a_form_file_can_be_downloaded(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    procedure = Procedure.objects.get(localised_code=BIRTH)
    draft = services.start_draft(actor=None, procedure=procedure)
    component = draft.components.get(form_name="Tờ khai đăng ký khai sinh")
    component.form_file.save("to-khai-khai-sinh.docx", ContentFile(b"form bytes"), save=True)
    services.publish_version(actor=None, version=draft)
    html = get(client, reverse("catalog:procedure", args=[BIRTH])).content.decode()
    url = reverse("catalog:form_file", args=[BIRTH, draft.number, component.pk])
    assert f'<a href="{url}" download>Tờ khai đăng ký khai sinh</a>' in html
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"form bytes"
    assert "attachment" in response["Content-Disposition"]
    other = Component.objects.filter(version__procedure=procedure).exclude(pk=component.pk).first()
    assert client.get(reverse("catalog:form_file", args=[BIRTH, draft.number, other.pk])).status_code == 404


def test_portal_home_has_a_working_search_box_and_ways_to_browse(client):
    html = get(client, reverse("portal:home")).content.decode()
    assert 'hx-target="#portal-results"' in html and 'id="portal-results"' in html
    assert f'action="{reverse("catalog:home")}"' in html
    assert reverse("catalog:life_events") in html and f'{reverse("catalog:home")}#browse' in html
    assert "Coming soon." not in html


def _queries(django_assert_num_queries, client, url, count, **params):
    with django_assert_num_queries(count):
        assert client.get(url, params).status_code == 200


def test_list_pages_run_a_constant_number_of_queries(client, django_assert_num_queries):
    home = reverse("catalog:home")
    # facets (4), life events (1)
    _queries(django_assert_num_queries, client, home, 5)
    # + the field's existence, the count and the page
    _queries(django_assert_num_queries, client, home, 8, field="HOTICH")
    _queries(django_assert_num_queries, client, home, 7, level="commune", page=2)
    _queries(django_assert_num_queries, client, home, 7, online_level="full")
    _queries(django_assert_num_queries, client, home, 9, agency="000.00.20.H53")  # not an agency: a centre
    # life event: the event with its count and its items
    _queries(django_assert_num_queries, client, reverse("catalog:life_event", args=["co-con-nho"]), 2)
    _queries(django_assert_num_queries, client, reverse("catalog:life_event", args=["kho-khan-can-tro-giup"]), 2)
    _queries(django_assert_num_queries, client, reverse("catalog:life_events"), 1)
    # history: the procedure and its versions
    _queries(django_assert_num_queries, client, reverse("catalog:history", args=[BIRTH]), 2)
    # a procedure: the version, components, fees, offerings
    _queries(django_assert_num_queries, client, reverse("catalog:procedure", args=[BIRTH]), 4)
    _queries(django_assert_num_queries, client, reverse("catalog:procedure", args=[CONTRACT]), 4)


def test_search_pages_query_count_does_not_grow_with_the_results(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for words in ("khai sinh", "dang ky", "the can cuoc", "khai sinh"):
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("catalog:results"), {"q": words})
        counts.append(len(captured))
    assert len(set(counts[1:])) == 1, counts


def test_field_names_come_from_the_catalog(client):
    field = Field.objects.get(code="HOTICH")
    html = get(client, reverse("catalog:procedure", args=[BIRTH])).content.decode()
    assert f'?field={field.code}">{field.name}</a>' in html
