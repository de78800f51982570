from .models import Process


def active_process(*, procedure, agency) -> Process | None:
    return (Process.objects.filter(procedure=procedure, agency=agency, status=Process.Status.ACTIVE)
            .prefetch_related("steps").first())


def graph_steps(process: Process) -> list[dict]:
    """The steps as the pure graph module reads them."""
    return [{"code": s.code, "name": s.name, "next_steps": list(s.next_steps), "duration_amount": s.duration_amount,
             "duration_unit": s.duration_unit, "detail": f"{s.get_role_display()} · {s.duration or '—'}"}
            for s in process.steps.all()]
