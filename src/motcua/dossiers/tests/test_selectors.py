"""The officer's inbox (tabs, filters, counts) and the dossier detail, on dossiers made through the
services; each read in a constant number of queries."""

import datetime as dt
import importlib

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from freezegun import freeze_time

from motcua.catalog.models import Procedure
from motcua.dossiers import selectors, services, states
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.core import in_scope
from motcua.organizations import cache as organizations_cache
from motcua.organizations.models import Agency, ServiceCentre
from motcua.processes.services import create_process
from motcua.workdays.selectors import engine_calendar

from .test_seed import inter_agency_steps

pytestmark = pytest.mark.django_db
User = get_user_model()
TZ = dt.timezone(dt.timedelta(hours=7))
NOW = dt.datetime(2026, 3, 10, 10, 0, tzinfo=TZ)  # Tuesday
USERNAMES = ["canbo.motcua", "chuyenvien", "truongphong", "lanhdao", "motcua.tanninh", "thanhtra", "quantri"]


def at(day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=TZ)


def fresh(username: str):
    """A new user object: its scope and roles are not cached yet (as at the start of a request)."""
    return User.objects.get(username=username)


class World:
    """Dossiers at the Justice department (received at the provincial centre) and one at a commune."""

    def __init__(self):
        self.counter, self.specialist = fresh("canbo.motcua"), fresh("chuyenvien")
        self.head, self.leader = fresh("truongphong"), fresh("lanhdao")
        self.centre = ServiceCentre.objects.get(code="000.00.20.H53")
        self.justice = Agency.objects.get(code="000.00.04.H53")
        self.lltp = Procedure.objects.get(base_code="3.000333").current_version  # LLTP, 10 days
        self.civil = Procedure.objects.get(base_code="2.000635").current_version  # HOTICH, same day
        self.d = {}

    def receive(self, name: str, version, when: dt.datetime, *, channel=states.Channel.COUNTER) -> Dossier:
        with freeze_time(when):
            dossier = services.receive(
                actor=self.counter, procedure_version=version, receiving_centre=self.centre,
                deciding_agency=self.justice, applicant={"name": f"Công dân {name}"},
                components=[{"name": "Tờ khai"}], channel=channel)
        self.d[name] = dossier
        return dossier

    def act(self, when: dt.datetime, function, key: str, **kwargs):
        with freeze_time(when):
            result = function(dossier=Dossier.objects.get(pk=self.d[key].pk), **kwargs)
        self.d[key] = Dossier.objects.get(pk=self.d[key].pk)
        return result

    def move(self, key: str, when: dt.datetime, *actors, assignee=None):
        for actor in actors:
            self.act(when, services.move, key, actor=actor, assignee=assignee if actor is actors[-1] else None)


@pytest.fixture
def world():
    w = World()
    w.receive("overdue", w.civil, at(2))  # due 2/3 17:00, still being appraised
    w.receive("process", w.lltp, at(9))
    w.receive("soon", w.civil, at(10, 8))  # due today 17:00
    w.receive("review", w.lltp, at(5))
    w.move("review", at(5, 14), w.specialist)
    w.receive("assigned", w.lltp, at(5, 10))
    w.move("assigned", at(6), w.specialist, assignee=w.specialist)  # at the review step, assigned to him
    w.receive("sign", w.lltp, at(4))
    w.move("sign", at(6, 10), w.specialist, w.head)
    with freeze_time(at(9, 20)):  # online, at night: not received yet
        w.d["online"] = services.submit_online(
            applicant_user=None, procedure_version=w.lltp, deciding_agency=w.justice, receiving_centre=w.centre,
            applicant={"name": "Công dân trực tuyến"}, components=[{"name": "Tờ khai"}])
    w.receive("supplementation", w.lltp, at(6))
    w.act(at(6, 15), services.request_supplementation, "supplementation", actor=w.specialist,
          items=[{"name": "Bản sao căn cước"}], reason="Thiếu giấy tờ")
    w.receive("payment", w.lltp, at(6, 10), channel=states.Channel.POST)
    w.act(at(6, 16), services.request_payment, "payment", actor=w.specialist, amount=200_000, reason="Phí")
    w.receive("decided", w.lltp, at(3))
    w.move("decided", at(5), w.specialist, w.head, w.leader)
    w.act(at(5, 10), services.issue_result, "decided", actor=w.leader, name="Phiếu lý lịch tư pháp")
    w.receive("returned", w.lltp, at(2, 10))
    w.move("returned", at(3), w.specialist, w.head, w.leader)
    w.act(at(3, 10), services.issue_result, "returned", actor=w.leader)
    w.act(at(3, 11), services.return_result, "returned", actor=w.counter)
    # At a commune: received at its centre, decided by its committee.
    commune = ServiceCentre.objects.get(code="000.01.51.H53")
    with freeze_time(at(9, 8)):
        w.d["commune"] = services.receive(
            actor=fresh("motcua.tanninh"), procedure_version=Procedure.objects.get(base_code="1.004222").current_version,
            receiving_centre=commune, deciding_agency=commune.agency, applicant={"name": "Công dân xã"},
            components=[{"name": "Tờ khai"}])
    return w


def codes(inbox) -> list[str]:
    return [row.applicant_name.removeprefix("Công dân ") for row in inbox.rows]


def test_tabs_of_each_officer(world):
    specialist = selectors.inbox(fresh("chuyenvien"), tab="to_process", now=NOW)
    assert codes(specialist) == ["overdue", "soon", "process"]  # by due date
    assert specialist.counts == {"to_receive": 0, "to_process": 3, "to_review": 1, "to_sign": 0, "waiting": 2,
                                 "results_to_return": 1, "overdue": 1}
    assert codes(selectors.inbox(fresh("chuyenvien"), tab="to_review", now=NOW)) == ["assigned"]
    assert codes(selectors.inbox(fresh("chuyenvien"), tab="waiting", now=NOW)) == ["supplementation", "payment"]
    assert codes(selectors.inbox(fresh("chuyenvien"), tab="results_to_return", now=NOW)) == ["decided"]
    assert codes(selectors.inbox(fresh("chuyenvien"), tab="overdue", now=NOW)) == ["overdue"]

    head = selectors.inbox(fresh("truongphong"), tab="to_review", now=NOW)
    assert sorted(codes(head)) == ["assigned", "review"] and head.counts["to_process"] == 0
    leader = selectors.inbox(fresh("lanhdao"), tab="to_sign", now=NOW)
    assert codes(leader) == ["sign"] and leader.counts["to_review"] == 0

    counter = selectors.inbox(fresh("canbo.motcua"), tab="to_receive", now=NOW)
    assert codes(counter) == ["trực tuyến"]
    assert counter.counts["to_process"] == 0 and counter.counts["results_to_return"] == 1
    assert counter.counts["waiting"] == 2 and counter.counts["overdue"] == 1

    commune = selectors.inbox(fresh("motcua.tanninh"), tab="to_receive", now=NOW)
    assert commune.counts == dict.fromkeys(selectors.TABS, 0)
    admin = selectors.inbox(fresh("quantri"), tab="waiting", now=NOW)
    assert admin.counts["to_process"] == 0 and admin.total == 2  # sees all, works on nothing


def test_filters(world):
    def rows(username="chuyenvien", tab="to_process", **filters):
        return codes(selectors.inbox(fresh(username), tab=tab, filters=filters, now=NOW))

    assert rows(procedure="3.000333") == ["process"]
    assert rows(procedure=world.civil.procedure.localised_code) == ["overdue", "soon"]
    assert rows(procedure=str(world.lltp.procedure_id)) == ["process"]
    assert rows(field="LLTP") == ["process"] and rows(field="HOTICH") == ["overdue", "soon"]
    assert rows(field=world.lltp.procedure.field_id) == ["process"]
    assert rows(channel=states.Channel.COUNTER) == ["overdue", "soon", "process"]
    assert rows(tab="waiting", channel=states.Channel.POST) == ["payment"]
    assert rows("canbo.motcua", "to_receive", channel=states.Channel.ONLINE) == ["trực tuyến"]
    assert rows("canbo.motcua", "to_receive", channel=states.Channel.COUNTER) == []
    assert rows(received_from="2026-03-09") == ["soon", "process"]
    assert rows(received_from=dt.date(2026, 3, 3), received_to=dt.date(2026, 3, 9)) == ["process"]
    assert rows(received_to="2026-03-02") == ["overdue"]
    assert rows(due="overdue") == ["overdue"]
    assert rows(due="due_soon") == ["soon"]
    assert rows(due="on_time") == ["process"]
    filtered = selectors.inbox(fresh("chuyenvien"), tab="to_process", filters={"field": "LLTP"}, now=NOW)
    assert filtered.counts["waiting"] == 2 and filtered.counts["to_process"] == 1  # counts use the filters too
    with pytest.raises(ValueError):
        selectors.inbox(fresh("chuyenvien"), tab="to_process", filters={"colour": "red"})
    with pytest.raises(ValueError):
        selectors.inbox(fresh("chuyenvien"), tab="everything")


def test_pages(world):
    first = selectors.inbox(fresh("chuyenvien"), tab="to_process", per_page=2, now=NOW)
    assert codes(first) == ["overdue", "soon"] and first.num_pages == 2 and first.has_next
    second = selectors.inbox(fresh("chuyenvien"), tab="to_process", per_page=2, page=2, now=NOW)
    assert codes(second) == ["process"] and second.has_previous and not second.has_next
    beyond = selectors.inbox(fresh("chuyenvien"), tab="to_process", per_page=2, page=9, now=NOW)
    assert beyond.page == 2


def test_visibility_mirrors_in_scope(world):
    dossiers = list(Dossier.objects.select_related("deciding_agency", "receiving_agency"))
    for username in USERNAMES:
        user = fresh(username)
        visible = set(selectors.dossiers_visible_to(user).values_list("pk", flat=True))
        assert visible == {d.pk for d in dossiers if in_scope(user, d)}, username
    assert world.d["commune"].pk not in set(selectors.dossiers_visible_to(fresh("chuyenvien")).values_list(
        "pk", flat=True))
    assert world.d["commune"].pk in set(selectors.dossiers_visible_to(fresh("motcua.tanninh")).values_list(
        "pk", flat=True))
    assert not selectors.dossiers_visible_to(User.objects.create(username="nobody")).exists()


def test_inbox_queries_do_not_grow_with_the_dossiers(world, django_assert_num_queries):
    # The officer's first request: scope (2) + roles (1) + the agencies of the scope (1) + counts (1) + the
    # page (1: its rows, their ids a subquery)
    organizations_cache.reset()
    user = fresh("chuyenvien")
    with django_assert_num_queries(6):
        selectors.inbox(user, tab="to_process", now=NOW)
    with django_assert_num_queries(2):  # later in the same request: scope and roles are cached
        selectors.inbox(user, tab="waiting", filters={"procedure": "3.000333", "channel": 1}, now=NOW)
    with django_assert_num_queries(2):  # "due soon" needs the calendar: kept in the process
        selectors.inbox(user, tab="to_process", filters={"due": "due_soon"}, now=NOW)
    with django_assert_num_queries(1):  # an empty tab needs no page
        selectors.inbox(user, tab="to_sign", now=NOW)
    for k in range(6):
        world.receive(f"more {k}", world.lltp, at(9, 8, k))
    user = fresh("chuyenvien")
    with django_assert_num_queries(2):  # the next request: scope, roles and agencies kept in the cache
        inbox = selectors.inbox(user, tab="to_process", now=NOW)
    assert inbox.total == 9
    with django_assert_num_queries(0):
        for row in inbox.rows:  # everything a row shows is already there
            str(row), row.get_status_display(), row.get_channel_display(), row.applicant_name, row.due_at
            row.procedure_version.name, str(row.procedure_version.procedure), str(row.current_step)
            str(row.deciding_agency), str(row.receiving_centre), row.assignee and row.assignee.get_full_name()


@pytest.fixture
def linked(world):
    """A dossier with a supplementation episode, a reschedule, an inter-agency child and its result."""
    procedure = Procedure.objects.get(base_code="1.001612")
    finance = Agency.objects.get(code="000.00.03.H53")
    create_process(actor=None, procedure=procedure, agency=finance, name="Hộ kinh doanh",
                   steps=inter_agency_steps())
    from motcua.organizations.services import grant_membership

    specialist = User.objects.create(username="cv.taichinh", full_name="Chuyên viên Tài chính")
    grant_membership(actor=None, user=specialist, role="specialist", agency=finance)
    with freeze_time(at(9, 9)):
        dossier = services.receive(actor=world.counter, procedure_version=procedure.current_version,
                                   receiving_centre=world.centre, deciding_agency=finance,
                                   applicant={"name": "Hộ kinh doanh An"},
                                   components=[{"name": "Giấy đề nghị"}, {"name": "Bản sao căn cước"}])
    with freeze_time(at(9, 10)):
        services.request_supplementation(actor=specialist, dossier=dossier, reason="Thiếu",
                                         items=[{"name": "Hợp đồng thuê nhà"}])
    with freeze_time(at(9, 14)):
        dossier = services.receive_supplementation(actor=world.counter, dossier=dossier,
                                                   components=[{"name": "Hợp đồng thuê nhà"}])
        services.reschedule(actor=specialist, dossier=dossier, reason="Chờ cơ quan thuế",
                            new_due_at=engine_calendar("VN").due(dossier.due_at, "2wd").due_at)
    with freeze_time(at(9, 15)):
        dossier = services.move(actor=specialist, dossier=Dossier.objects.get(pk=dossier.pk), opinion="Đủ")
    return Dossier.objects.get(pk=dossier.pk)


def test_detail_has_everything_in_constant_queries(linked, django_assert_num_queries):
    # scope (2) + the agencies of the scope (1) + the dossier with its procedure, process, step and deciding
    # agency (1) + its receiving centre and agency and reschedule (3; the applicant account, assignee and
    # parent are empty here, and there is no result before the decision: they cost nothing) + steps,
    # components, supplementations, children, events (5)
    organizations_cache.reset()
    user = fresh("canbo.motcua")
    with django_assert_num_queries(12):
        dossier = selectors.dossier_detail(linked.code, user)
    with django_assert_num_queries(0):
        assert [s.code for s in dossier.process.steps.all()] == ["tiep-nhan", "tham-dinh", "thue", "ky"]
        assert [c.name for c in dossier.components.all()][-1] == "Hợp đồng thuê nhà"
        assert dossier.supplementations.all()[0].requested_by.username == "cv.taichinh"
        assert dossier.reschedule.reason == "Chờ cơ quan thuế" and dossier.reschedule.created_by.username
        child = dossier.children.all()[0]
        assert child.deciding_agency.code == "000.00.16.H53" and child.current_step is None
        events = list(dossier.events.all())
        assert [e.kind for e in events] == ["received", "supplementation_requested", "supplementation_received",
                                            "rescheduled", "appraised"]
        assert {e.actor.username for e in events} == {"canbo.motcua", "cv.taichinh"}
        assert dossier.procedure_version.procedure.field.code and dossier.deciding_agency.name
        assert dossier.receiving_centre.code == "000.00.20.H53" and dossier.current_step.code == "thue"
    # A longer history costs no more queries.
    with freeze_time(at(10, 9)):
        for k in range(5):
            services.comment(actor=fresh("canbo.motcua"), dossier=dossier, text=f"Ghi chú {k}")
    user = fresh("canbo.motcua")
    with django_assert_num_queries(9):  # the next request: the scope and its agencies kept in the cache
        again = selectors.dossier_detail(linked.code, user)
    with django_assert_num_queries(9):  # later in the same request
        selectors.dossier_detail(linked.code, user)
    assert len(again.events.all()) == 10
    with django_assert_num_queries(0):
        assert not hasattr(again, "result")  # no result yet: known without a query


def test_detail_by_reference_and_out_of_scope(world):
    online = world.d["online"]
    assert selectors.dossier_detail(str(online.reference), fresh("canbo.motcua")).pk == online.pk
    with pytest.raises(Dossier.DoesNotExist):
        selectors.dossier_detail(world.d["process"].code, fresh("motcua.tanninh"))
    with pytest.raises(Dossier.DoesNotExist):
        selectors.dossier_detail("000.00.20.H53-260101-9999", fresh("quantri"))
    decided = selectors.dossier_detail(world.d["decided"].code, fresh("chuyenvien"))
    assert decided.result.name == "Phiếu lý lịch tư pháp" and decided.parent is None


def test_the_inbox_index_exists_for_the_inbox_statuses():
    migration = importlib.import_module("motcua.dossiers.migrations.0002_inbox_indexes")
    assert tuple(migration.ACTIVE) == tuple(int(status) for status in selectors.ACTIVE)
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, Dossier._meta.db_table)
    assert migration.NAME in indexes
