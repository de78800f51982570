"""The dossier generator: its plans are realistic and deterministic, and the bulk path writes exactly the
rows and events the services write for the same plans, with intact hash chains and code sequences."""

import datetime as dt
import io
from collections import Counter, defaultdict

import pytest
from django.core.management import call_command
from django.db import transaction

from motcua.catalog.models import Procedure
from motcua.dossiers import bulk, seed, states
from motcua.dossiers.audit import verify_dossier
from motcua.dossiers.models import (
    CodeSequence,
    Dossier,
    DossierComponent,
    DossierEvent,
    DossierResult,
    Reschedule,
    Supplementation,
)
from motcua.organizations.models import Agency
from motcua.processes.services import create_process

pytestmark = pytest.mark.django_db

UNTIL = dt.date(2026, 3, 16)  # a Monday; dossiers are received from 16/2/2026 to 15/3/2026
# Every kind of history in a few dozen dossiers: far more episodes and open dossiers than real life.
BUSY = seed.Shares(resolved=0.5, late=0.15, in_progress=0.3, late_still_open=0.4, rescheduled_of_late=1.0,
                   submitted_of_recent_online=1.0, supplementation=0.3, obligation=0.25)
# Commune and provincial procedures, same-day, working-day and calendar-day time limits, fees, cut-offs,
# and 1.001612 with an inter-agency leg to the tax office (fixture below).
PROCEDURES = ["1.001612", "2.000815", "1.004222", "1.012783", "3.000333", "2.000635"]


TAX_OFFICE = "000.00.16.H53"


def inter_agency_steps(partner: str = TAX_OFFICE) -> list[dict]:
    """Receive, appraise, the partner agency's share (a linked dossier there), sign: 16 working hours."""
    step = {"duration_unit": "wh"}
    return [
        {**step, "code": "tiep-nhan", "name": "Tiếp nhận", "action": "receive", "role": "counter_officer",
         "duration_amount": 0, "next_steps": ["tham-dinh"]},
        {**step, "code": "tham-dinh", "name": "Thẩm định", "action": "appraise", "role": "specialist",
         "duration_amount": 8, "next_steps": ["thue"]},
        {**step, "code": "thue", "name": "Liên thông cơ quan thuế", "action": "inter_agency", "role": "specialist",
         "duration_amount": 4, "next_steps": ["ky"], "partner_agency": partner},
        {**step, "code": "ky", "name": "Ký duyệt", "action": "sign", "role": "agency_leader", "duration_amount": 4,
         "next_steps": []},
    ]


@pytest.fixture
def tax_leg():
    """Business household registration at Phường Tân Ninh with a tax leg (liên thông), replacing the demo
    process there."""
    return create_process(actor=None, procedure=Procedure.objects.get(base_code="1.001612"),
                          agency=Agency.objects.get(code="000.01.50.H53"),
                          name="Đăng ký hộ kinh doanh (liên thông thuế)", steps=inter_agency_steps())


def busy_context(n=48, seed_value=9, **kwargs):
    return seed.build_context(n=n, months=1, seed=seed_value, until=UNTIL, shares=BUSY, procedures=PROCEDURES,
                              **kwargs)


# ------------------------------------------------------------------ comparing databases


def snapshot() -> dict:
    """Every row the generator writes, keyed by dossier reference; primary keys and the creation
    timestamps (created_at, added_at) left out, foreign keys to dossiers as references."""
    references = dict(Dossier.objects.values_list("pk", "reference"))
    dossiers = {}
    for row in Dossier.objects.values():
        row.pop("id"), row.pop("created_at")
        row["parent_id"] = references.get(row["parent_id"])
        dossiers[row["reference"]] = row

    def per_dossier(model, order, drop=()):
        rows = defaultdict(list)
        for row in model.objects.order_by("dossier_id", *order).values():
            key = references[row.pop("dossier_id")]
            for name in ("id", *drop):
                row.pop(name)
            rows[key].append(row)
        return dict(rows)

    return {
        "dossiers": dossiers,
        "components": per_dossier(DossierComponent, ["id"], drop=["added_at"]),
        "supplementations": per_dossier(Supplementation, ["number"]),
        "reschedules": per_dossier(Reschedule, [], drop=["created_at"]),
        "results": per_dossier(DossierResult, []),
        "events": per_dossier(DossierEvent, ["seq"]),
        "code_sequences": sorted(CodeSequence.objects.values_list("prefix", "day", "last")),
    }


def differences(expected: dict, actual: dict) -> list[str]:
    found = []
    for table in expected:
        if table == "code_sequences":
            if expected[table] != actual[table]:
                found.append(f"code sequences: {expected[table]} != {actual[table]}")
            continue
        for key in sorted(set(expected[table]) | set(actual[table]), key=str):
            a, b = expected[table].get(key), actual[table].get(key)
            if a == b:
                continue
            if a is None or b is None or not isinstance(a, list) and not isinstance(b, list):
                fields = [f for f in (a or b) if a is None or b is None or a.get(f) != b.get(f)]
                found.append(f"{table} {key}: {[(f, (a or {}).get(f), (b or {}).get(f)) for f in fields]}")
            else:
                for n, (x, y) in enumerate(zip(a, b, strict=False)):
                    if x != y:
                        found.append(f"{table} {key} #{n}: {[(f, x[f], y[f]) for f in x if x[f] != y.get(f)]}")
                if len(a) != len(b):
                    found.append(f"{table} {key}: {len(a)} rows != {len(b)} rows")
    return found


def run_and_snapshot(write) -> tuple[dict, list]:
    """Writes, snapshots and checks every chain, then undoes the writes (a savepoint)."""
    with transaction.atomic():
        write()
        rows = snapshot()
        broken = [problem for dossier in Dossier.objects.all() for problem in verify_dossier(dossier)]
        transaction.set_rollback(True)
    return rows, broken


# ------------------------------------------------------------------ equality of the two paths


@pytest.mark.parametrize("writer", ["bulk_create", pytest.param("copy", marks=pytest.mark.postgres)])
def test_bulk_path_writes_the_same_rows_and_events_as_the_services(tax_leg, writer):
    ctx = busy_context()
    pre = seed.prepass(ctx)
    plans = list(seed.plans(ctx, pre))
    # The sample exercises every kind of history.
    outcomes = Counter(p.outcome for p in plans)
    assert set(outcomes) == set(seed.OUTCOMES), outcomes
    assert {p.channel for p in plans} == set(states.Channel)
    assert any(p.supplemented for p in plans) and any(p.obligation for p in plans)
    assert any(p.rescheduled for p in plans)
    kinds = Counter(a.kind for p in plans for a in p.actions)
    assert kinds["move"] and kinds["return_result"] and kinds["reschedule"] and kinds["request_payment"]
    assert sum(1 for p in plans for a in p.actions if "child" in a.params) >= 2
    assert len({p.route.duration[-2:] for p in plans}) >= 3  # wd, d, same_day

    through_services, broken = run_and_snapshot(lambda: seed.run_services(ctx, plans))
    assert broken == []
    assert len(through_services["dossiers"]) == ctx.n + sum(len(p.children) for p in plans
                                                              if any("child" in a.params for a in p.actions))
    in_bulk, broken = run_and_snapshot(lambda: bulk.run_bulk(ctx, pre, chunk_size=20, writer=writer))
    assert broken == []
    assert differences(through_services, in_bulk) == []
    assert through_services == in_bulk


def _numbers() -> dict:
    numbers = defaultdict(list)
    for code in Dossier.objects.exclude(code=None).order_by("received_at", "id").values_list("code", flat=True):
        prefix, day, number = code.rsplit("-", 2)
        numbers[(prefix, day)].append(int(number))
    return numbers


def test_codes_follow_the_order_of_receipt_and_continue_existing_sequences(tax_leg):
    ctx = busy_context()
    bulk.run_bulk(ctx, seed.prepass(ctx), chunk_size=7)
    first = _numbers()
    assert any(prefix == TAX_OFFICE for prefix, _day in first)  # the tax office's linked dossiers
    for key, issued in first.items():
        assert issued == list(range(1, len(issued) + 1)), key  # in the order of receipt, gap-free
    second = busy_context(n=30, seed_value=10)
    bulk.run_bulk(second, seed.prepass(second), chunk_size=11)
    numbers = _numbers()
    assert sum(map(len, numbers.values())) > sum(map(len, first.values()))
    for key, issued in numbers.items():
        assert sorted(issued) == list(range(1, len(issued) + 1)), key
        sequence = CodeSequence.objects.get(prefix=key[0], day=dt.datetime.strptime(key[1], "%y%m%d").date())
        assert sequence.last == len(issued)


def test_plans_are_deterministic_for_a_seed():
    def signature(seed_value):
        ctx = seed.build_context(n=200, months=3, seed=seed_value, until=UNTIL)
        pre = seed.prepass(ctx)
        return [(p.reference, p.route.index, p.channel, p.outcome, p.applicant["name"],
                 [(a.at, a.kind, a.actor, a.target) for a in p.actions]) for p in seed.plans(ctx, pre)]

    first = signature(42)
    assert first == signature(42)
    assert first != signature(43)


def test_plans_are_close_to_the_tay_ninh_mix_and_national_channels():
    ctx = seed.build_context(n=6000, months=6, seed=2017, until=UNTIL)
    pre = seed.prepass(ctx)
    n = ctx.n
    online = (pre.channel == states.Channel.ONLINE).mean()
    post = (pre.channel == states.Channel.POST).mean()
    assert 0.55 <= online <= 0.61 and 0.025 <= post <= 0.055
    assert 0.04 <= pre.supplementation.mean() <= 0.06
    plans = list(seed.plans(ctx, pre))
    outcomes = Counter(p.outcome for p in plans)
    assert outcomes[seed.RESOLVED] / n >= 0.985
    assert 0.004 <= (outcomes[seed.IN_PROGRESS] + outcomes[seed.SUBMITTED]) / n <= 0.014
    assert (outcomes[seed.LATE] + outcomes[seed.LATE_OPEN]) / n <= 0.003
    office = ctx.calendar
    start, end = seed._us(ctx.window_start), ctx.as_of_us
    for plan in plans[::7]:
        kind = "submit" if plan.outcome == seed.SUBMITTED else "receive"
        receipt = next(a for a in plan.actions if a.kind == kind)
        local = seed.as_datetime(receipt.at, office.tzinfo)
        assert start <= receipt.at < end
        assert office.is_working_day(local.date())
        assert any(opens <= local.time() < closes for opens, closes in office.office_hours(local.date()))
        assert all(a.at < end for a in plan.actions)
        assert [a.at for a in plan.actions] == sorted({a.at for a in plan.actions})
        if plan.due is not None:
            assert plan.due > local


def test_receipt_due_dates_from_the_batch_api_equal_the_engine_one_by_one():
    ctx = seed.build_context(n=800, months=4, seed=9, until=UNTIL)
    pre = seed.prepass(ctx)
    for i in range(0, ctx.n, 3):
        route = ctx.routes[pre.route[i]]
        expected = ctx.calendar.due(seed.as_datetime(pre.received[i]), route.duration, cutoff=route.cutoff).due_at
        assert seed.as_datetime(pre.due[i]) == expected


def test_command_seeds_in_bulk_and_through_the_services():
    out = io.StringIO()
    call_command("seed", dossiers=12, months=1, seed=3, until="2026-03-16", bulk=True, no_progress=True, stdout=out)
    assert Dossier.objects.filter(parent=None).count() == 12
    assert "12" in out.getvalue()
    call_command("seed", dossiers=3, months=1, seed=4, until="2026-03-16", no_progress=True, stdout=out)
    assert Dossier.objects.filter(parent=None).count() == 15
    assert all(verify_dossier(d) == [] for d in Dossier.objects.all())
    assert not DossierEvent.objects.filter(occurred_at__gte=dt.datetime(2026, 3, 16, tzinfo=seed.TZ_REPR)).exists()
