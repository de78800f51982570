"""Officers acting at the same instant, on PostgreSQL: each thread has its own connection and transaction.

* On one dossier with the same ``expected_version``, exactly one action wins; the others are told the
  dossier changed meanwhile, and the winner's change is the only one recorded.
* Without a version, the row lock serialises the actions: none is lost, the event chain has no gap.
* Receipts at one centre on one day get distinct, consecutive codes.
* One idempotency key submitted many times at once makes one dossier.
"""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from motcua.catalog.models import Procedure
from motcua.dossiers import codes, services, states
from motcua.dossiers.audit import verify_dossier
from motcua.dossiers.models import CodeSequence, Dossier
from motcua.organizations.models import Agency, ServiceCentre

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
THREADS = 10
User = get_user_model()


def at_once(work, threads: int = THREADS) -> list:
    """Runs ``work(i)`` in ``threads`` threads released together; returns each result or exception."""
    barrier = threading.Barrier(threads, timeout=30)
    results: list = [None] * threads

    def run(i):
        try:
            results[i] = work(i, barrier)
        except Exception as error:  # noqa: BLE001 - the test inspects what each thread got
            results[i] = error
        finally:
            connection.close()

    workers = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert not any(worker.is_alive() for worker in workers), "a thread is stuck (deadlock?)"
    return results


def receive_at_justice(name: str, idempotency_key: str | None = None) -> Dossier:
    return services.receive(
        actor=User.objects.get(username="canbo.motcua"),
        procedure_version=Procedure.objects.get(base_code="3.000333").current_version,
        receiving_centre=ServiceCentre.objects.get(code="000.00.20.H53"),
        deciding_agency=Agency.objects.get(code="000.00.04.H53"), applicant={"name": name},
        components=[{"name": "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp"}], idempotency_key=idempotency_key)


def test_one_version_one_winner(demo_data):
    dossier = receive_at_justice("Kiều Văn Phong")
    seen, events_before = dossier.version, dossier.events.count()

    def request_payment(i, barrier):
        actor = User.objects.get(username="chuyenvien")
        mine = Dossier.objects.get(pk=dossier.pk)
        barrier.wait()
        return services.request_payment(actor=actor, dossier=mine, amount=1000 * (i + 1), reason=f"Phí {i}",
                                        expected_version=seen)

    results = at_once(request_payment)
    winners = [r for r in results if isinstance(r, Dossier)]
    assert len(winners) == 1, results
    assert all(isinstance(r, services.ConflictError) for r in results if r is not winners[0]), results
    dossier.refresh_from_db()
    assert dossier.version == seen + 1 and dossier.status == states.Status.FINANCIAL_OBLIGATION
    assert dossier.fee_due == winners[0].fee_due  # the winner's amount only: no lost or doubled update
    assert dossier.events.count() == events_before + 1
    assert dossier.events.order_by("-seq").first().payload["amount"] == dossier.fee_due
    assert verify_dossier(dossier) == []


def test_without_a_version_the_lock_serialises_and_nothing_is_lost(demo_data):
    dossier = receive_at_justice("Lục Thị Hương")
    events_before = dossier.events.count()

    def record_payment(i, barrier):
        actor = User.objects.get(username="canbo.motcua")
        mine = Dossier.objects.get(pk=dossier.pk)
        barrier.wait()
        return services.record_payment(actor=actor, dossier=mine, amount=1000 * (i + 1), method="cash",
                                       reference=f"BL-{i}")

    results = at_once(record_payment)
    assert all(isinstance(r, Dossier) for r in results), results
    dossier.refresh_from_db()
    assert dossier.fee_paid == sum(1000 * (i + 1) for i in range(THREADS))
    assert dossier.version == 1 + events_before + THREADS
    assert list(dossier.events.values_list("seq", flat=True)) == list(range(1, events_before + THREADS + 1))
    assert verify_dossier(dossier) == []


def test_codes_at_one_centre_on_one_day_are_distinct_and_consecutive(demo_data):
    def receive(i, barrier):
        barrier.wait()
        return receive_at_justice(f"Người nộp {i}").code

    results = at_once(receive)
    assert all(isinstance(code, str) for code in results), results
    parsed = [codes.parse(code) for code in results]
    assert {(prefix, day) for prefix, day, _seq in parsed} == {(parsed[0][0], parsed[0][1])}
    assert sorted(seq for _prefix, _day, seq in parsed) == list(range(1, THREADS + 1))
    assert CodeSequence.objects.get(prefix="000.00.20.H53").last == THREADS


def test_one_idempotency_key_sent_at_once_makes_one_dossier(demo_data):
    def receive(i, barrier):
        barrier.wait()
        return receive_at_justice("Tôn Nữ Hoa", idempotency_key="kiosk-3-retry").pk

    results = at_once(receive)
    assert len(set(results)) == 1 and all(isinstance(pk, int) for pk in results), results
    dossier = Dossier.objects.get()
    assert dossier.events.count() == 1 and dossier.code.endswith("-0001")
