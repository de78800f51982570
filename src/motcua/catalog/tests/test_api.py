"""The read-only catalog API: shapes, filters, 400s naming the parameter, pagination, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from motcua.catalog import services
from motcua.catalog.models import Field, LifeEvent, Procedure, ProcedureVersion

pytestmark = pytest.mark.django_db

BASE = "/api/v1/catalog"
BIRTH = "1.001193.000.00.00.H53"
DRAFT_ONLY = "1.011606.000.00.00.H53"
SUMMARY_KEYS = {"code", "base_code", "name", "name_en", "field", "field_name", "levels", "applicants",
                "online_level", "version", "published_at"}


@pytest.fixture
def api():
    return APIClient()  # anonymous: the catalog is public


def published(**lookups):
    return ProcedureVersion.objects.filter(status=ProcedureVersion.Status.PUBLISHED, **lookups)


def all_codes(api, **params) -> list[str]:
    codes, page = [], 1
    while True:
        body = api.get(f"{BASE}/procedures/", {**params, "page": page, "page_size": 200}).json()
        codes += [row["code"] for row in body["results"]]
        if not body["next"]:
            return codes
        page += 1


def test_fields_with_their_published_procedure_counts(api):
    body = api.get(f"{BASE}/fields/").json()
    assert body["count"] == Field.objects.count()
    civil = next(row for row in body["results"] if row["code"] == "HOTICH")
    assert civil == {"code": "HOTICH", "name": "Hộ tịch", "name_en": "Civil status",
                     "procedure_count": published(procedure__field__code="HOTICH").count()}


def test_procedure_list_shape_and_pagination(api):
    total = published().count()
    body = api.get(f"{BASE}/procedures/", {"page_size": 10}).json()
    assert body["count"] == total and len(body["results"]) == 10 and "page=2" in body["next"]
    assert set(body["results"][0]) == SUMMARY_KEYS
    second = api.get(f"{BASE}/procedures/", {"page_size": 10, "page": 2}).json()
    assert {r["code"] for r in second["results"]}.isdisjoint({r["code"] for r in body["results"]})
    assert len(all_codes(api)) == total and DRAFT_ONLY not in all_codes(api)
    assert api.get(f"{BASE}/procedures/", {"page": 999}).status_code == 404
    default = api.get(f"{BASE}/procedures/").json()
    assert len(default["results"]) == min(total, 50)


def test_a_birth_registration_row(api):
    row = next(r for r in api.get(f"{BASE}/procedures/", {"field": "HOTICH", "page_size": 200}).json()["results"]
               if r["code"] == BIRTH)
    assert row["base_code"] == "1.001193" and row["name"] == "Thủ tục đăng ký khai sinh"
    assert row["field"] == "HOTICH" and row["levels"] == ["commune"] and row["applicants"] == ["citizen"]
    assert row["online_level"] == "full" and row["version"] == 1 and row["published_at"]


@pytest.mark.parametrize(("params", "lookups"), [
    ({"field": "HOTICH"}, {"procedure__field__code": "HOTICH"}),
    ({"level": "province"}, {"levels__icontains": '"province"'}),
    ({"applicant": "organisation"}, {"applicants__icontains": '"organisation"'}),
    ({"online_level": "none"}, {"online_level": "none"}),
    ({"field": "CUTRU", "level": "commune"}, {"procedure__field__code": "CUTRU", "levels__icontains": '"commune"'}),
])
def test_filters(api, params, lookups):
    expected = set(published(**lookups).values_list("procedure__localised_code", flat=True))
    assert expected
    codes = all_codes(api, **params)
    assert set(codes) == expected and len(codes) == len(expected)


def test_agency_filter_takes_an_agency_or_a_centre_code(api):
    province_centre = set(all_codes(api, agency="000.00.20.H53"))
    assert province_centre == set(published(levels__icontains='"province"')
                                  .values_list("procedure__localised_code", flat=True))
    commune = Procedure.objects.get(localised_code=BIRTH).offerings.filter(agency__isnull=False).first().agency
    assert BIRTH in all_codes(api, agency=commune.code)
    assert all_codes(api, agency="000.00.01.H53") == []  # a department offering nothing (yet)


def test_q_searches_with_the_search_engine(api):
    body = api.get(f"{BASE}/procedures/", {"q": "dang ky khai sinh"}).json()
    codes = [row["code"] for row in body["results"]]
    assert BIRTH in codes[:3]
    assert set(body["results"][0]) == SUMMARY_KEYS
    filtered = [row["code"] for row in api.get(f"{BASE}/procedures/", {"q": "khai sinh", "field": "CUTRU"}).json()[
        "results"]]
    assert BIRTH not in filtered
    assert api.get(f"{BASE}/procedures/", {"q": "qqqxxxzzz"}).json()["count"] == 0


@pytest.mark.parametrize(("params", "name"), [
    ({"level": "planet"}, "level"),
    ({"applicant": "robot"}, "applicant"),
    ({"online_level": "sometimes"}, "online_level"),
    ({"field": "NOPE"}, "field"),
    ({"agency": "000.00.00.X99"}, "agency"),
    ({"q": "x" * 201}, "q"),
])
def test_bad_filter_values_answer_400_naming_the_parameter(api, params, name):
    response = api.get(f"{BASE}/procedures/", params)
    assert response.status_code == 400
    assert list(response.json()) == [name]


def test_empty_filters_mean_no_filter(api):
    body = api.get(f"{BASE}/procedures/", {"q": "", "field": "", "level": "", "applicant": "", "online_level": "",
                                           "agency": ""}).json()
    assert body["count"] == published().count()


def test_procedure_detail_in_full(api):
    response = api.get(f"{BASE}/procedures/{BIRTH}/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) > SUMMARY_KEYS
    assert body["status"] == "published" and body["retired_at"] is None
    assert body["deciding_agency_kinds"] == ["commune_committee"]
    assert body["methods"] == ["counter", "online", "post"]
    assert body["processing_time"]["value"] == 1 and body["processing_time"]["unit"] == "wd"
    assert body["processing_time"]["cutoff"] == "15:00"
    assert body["result"] == {"name": "Giấy khai sinh (bản chính)", "paper_required": True, "e_result": True}
    assert body["publishing_decision"]["number"] == "163/QĐ-BTP"
    assert set(body["unconfirmed"]) == {"processing_time", "publishing_decision"}
    version = published(procedure__localised_code=BIRTH).get()
    assert [c["name"] for c in body["components"]] == list(version.components.values_list("name", flat=True))
    first = body["components"][0]
    assert set(first) == {"position", "name", "originals", "copies", "required", "condition", "from_vault",
                          "form_name", "form_url"}
    assert first["form_name"] == "Tờ khai đăng ký khai sinh" and first["form_url"] is None
    assert body["fees"][0] == {"position": 0, "name": "Lệ phí đăng ký khai sinh", "kind": "charge", "amount_vnd": 0,
                               "rule": body["fees"][0]["rule"], "exemptions": ""}
    assert body["fees"][1]["amount_vnd"] is None and "281/2016/TT-BTC" in body["fees"][1]["rule"]
    kinds = {place["kind"] for place in body["offered_at"]}
    assert kinds == {"agency", "service_centre"}
    assert "Luật Hộ tịch số 60/2014/QH13" in body["legal_basis"]


def test_drafts_and_unknown_codes_are_404(api):
    assert api.get(f"{BASE}/procedures/{DRAFT_ONLY}/").status_code == 404
    assert api.get(f"{BASE}/procedures/{DRAFT_ONLY}/versions/").status_code == 404
    assert api.get(f"{BASE}/procedures/9.999999.000.00.00.H53/").status_code == 404
    assert api.get(f"{BASE}/procedures/9.999999.000.00.00.H53/versions/").status_code == 404


def test_versions_list_and_an_old_version(api):
    procedure = Procedure.objects.get(localised_code=BIRTH)
    draft = services.start_draft(actor=None, procedure=procedure)
    services.publish_version(actor=None, version=draft)
    third = services.start_draft(actor=None, procedure=procedure)
    body = api.get(f"{BASE}/procedures/{BIRTH}/versions/").json()
    assert body["count"] == 2
    assert [(v["number"], v["status"]) for v in body["results"]] == [(2, "published"), (1, "retired")]
    assert set(body["results"][0]) == {"number", "status", "name", "published_at", "retired_at"}
    old = api.get(f"{BASE}/procedures/{BIRTH}/versions/1/").json()
    assert old["status"] == "retired" and old["retired_at"] and old["version"] == 1 and old["components"]
    assert api.get(f"{BASE}/procedures/{BIRTH}/versions/{third.number}/").status_code == 404
    assert api.get(f"{BASE}/procedures/{BIRTH}/").json()["version"] == 2


def test_life_events_with_procedures_in_order(api):
    body = api.get(f"{BASE}/life-events/").json()
    assert body["count"] == LifeEvent.objects.count()
    assert [row["code"] for row in body["results"]] == list(
        LifeEvent.objects.order_by("position").values_list("code", flat=True))
    baby = body["results"][0]
    assert baby["name"] == "Có con nhỏ" and set(baby) == {"code", "name", "name_en", "description", "procedures"}
    event = LifeEvent.objects.get(code="co-con-nho")
    expected = [item.procedure.localised_code for item in event.items.order_by("position")
                if item.procedure.current_version_id]
    assert [p["code"] for p in baby["procedures"]] == expected
    assert {"code": BIRTH, "name": "Thủ tục đăng ký khai sinh"} in baby["procedures"]


def test_the_api_is_read_only(api):
    assert api.post(f"{BASE}/procedures/", {}).status_code in (403, 405)
    assert api.delete(f"{BASE}/procedures/{BIRTH}/").status_code in (403, 405)


def test_list_endpoints_run_a_constant_number_of_queries(api, django_assert_num_queries):
    def check(url, count, **params):
        with django_assert_num_queries(count):
            assert api.get(url, params).status_code == 200

    check(f"{BASE}/fields/", 2)  # count, page
    check(f"{BASE}/procedures/", 2)
    check(f"{BASE}/procedures/", 2, page_size=5, page=3)
    check(f"{BASE}/procedures/", 2, level="commune", applicant="citizen", online_level="full")
    check(f"{BASE}/procedures/", 3, field="HOTICH")  # + the field's existence
    check(f"{BASE}/procedures/", 3, agency=Procedure.objects.get(localised_code=BIRTH)
          .offerings.filter(agency__isnull=False).first().agency.code)
    check(f"{BASE}/procedures/{BIRTH}/versions/", 3)  # existence, count, page
    check(f"{BASE}/life-events/", 3)  # count, page, their procedures
    check(f"{BASE}/life-events/", 3, page_size=2, page=2)
    check(f"{BASE}/procedures/{BIRTH}/", 4)  # version, components, fees, offerings


def test_search_query_count_does_not_grow_with_the_results(api):
    api.get(f"{BASE}/procedures/", {"q": "khai sinh"})  # the engine reads its vocabulary once
    counts = []
    for words in ("khai sinh", "dang ky", "the can cuoc", "ho kinh doanh"):
        with CaptureQueriesContext(connection) as captured:
            assert api.get(f"{BASE}/procedures/", {"q": words}).status_code == 200
        counts.append(len(captured))
    assert len(set(counts)) == 1, counts
