import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.processes import graph
from motcua.processes.models import Process
from motcua.processes.services import create_process, hours_per_working_day


def step(code, nxt, amount=1, unit="wd", name=None):
    return {"code": code, "name": name or code, "action": "appraise", "role": "specialist", "duration_amount": amount,
            "duration_unit": unit, "next_steps": nxt}


def test_graph_accepts_a_branching_process_within_the_limit():
    steps = [step("a", ["b", "c"]), step("b", ["d"]), step("c", ["d"], 2), step("d", [])]
    assert graph.check_steps(steps, limit_amount=4, limit_unit="wd", hours_per_day=7.5) == []
    assert graph.longest_path_hours(steps, 7.5) == 30.0


@pytest.mark.parametrize("steps, expected", [
    ([], "at least one step"),
    ([step("a", ["x"]), step("b", [])], "Unknown next step"),
    ([step("a", []), step("b", [])], "no path reaches: b"),
    ([step("a", ["b"]), step("b", ["a"])], "no end"),
    ([step("a", ["a2"]), step("a2", [])][:1] + [step("a", [])], "unique"),
    ([step("a", ["b"], 3), step("b", [], 3)], "more than the procedure's time limit"),
])
def test_graph_names_each_problem(steps, expected):
    problems = graph.check_steps(steps, limit_amount=5, limit_unit="wd", hours_per_day=7.5)
    assert any(expected in p.message for p in problems), problems


def test_diagram_marks_the_current_step():
    drawing = graph.svg([step("a", ["b"], name="Tiếp nhận"), step("b", [], name="Ký duyệt")], current="b")
    assert drawing.startswith("<svg") and "Tiếp nhận" in drawing and 'stroke-width="3"' in drawing


@pytest.mark.django_db
def test_working_day_hours_come_from_the_calendar():
    assert hours_per_working_day() == 7.5


@pytest.mark.django_db
def test_a_new_process_retires_the_active_one_and_refuses_bad_graphs():
    first = Process.objects.filter(status="active", procedure__current_version__processing_unit="wd").first()
    procedure, agency = first.procedure, first.agency
    second = create_process(actor=None, procedure=procedure, agency=agency, name="v2",
                            steps=[step("a", ["b"], 1, "wh"), step("b", [], 1, "wh")])
    first.refresh_from_db()
    assert (first.status, second.status, second.number) == ("retired", "active", first.number + 1)
    with pytest.raises(ValidationError) as error:
        create_process(actor=None, procedure=procedure, agency=agency, name="bad", steps=[step("a", ["zz"])])
    assert "steps.a.next_steps" in error.value.message_dict


@pytest.mark.django_db
def test_process_json_round_trip(tmp_path):
    process = Process.objects.filter(status="active").first()
    path = tmp_path / "process.json"
    call_command("process", "export", process.procedure.localised_code, process.agency.code, str(path),
                 stdout=StringIO())
    data = json.loads(path.read_text(encoding="utf-8"))
    call_command("process", "import", str(path), stdout=StringIO())
    new = Process.objects.get(procedure=process.procedure, agency=process.agency, status="active")
    assert new.number == process.number + 1
    from motcua.processes.interchange import process_as_dict

    assert process_as_dict(new) == data


@pytest.mark.django_db
def test_process_import_names_bad_input(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"procedure": "9.999999", "agency": "000.00.00.H00", "steps": []}), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("process", "import", str(path), stdout=StringIO())
    assert error.value.returncode == 2
    assert "procedure" in str(error.value) and "agency" in str(error.value)


@pytest.mark.django_db
def test_officer_sees_the_diagram_of_a_process_in_their_agency(client, django_assert_max_num_queries):
    from django.contrib.auth import get_user_model

    officer = get_user_model().objects.get(username="motcua.tanninh")
    client.force_login(officer)
    listing = client.get("/workspace/processes/")
    assert listing.status_code == 200
    process = listing.context["processes"][0]
    page = client.get(f"/workspace/processes/{process.pk}/")
    assert page.status_code == 200 and "<svg" in page.content.decode() and "Thẩm định hồ sơ" in page.content.decode()
    other = Process.objects.exclude(agency=process.agency).exclude(agency__code="000.00.00.H53").filter(
        agency__kind="commune_committee").first()
    assert client.get(f"/workspace/processes/{other.pk}/").status_code == 404
