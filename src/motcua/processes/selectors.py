from motcua.core import generations

from .models import Process, Step

# The generation of the processes and steps (core/generations.py; replaced by every save, apps.py).
GENERATION = "processes"


def active_process(*, procedure, agency) -> Process | None:
    return (Process.objects.filter(procedure=procedure, agency=agency, status=Process.Status.ACTIVE)
            .prefetch_related("steps").first())


def active_steps(*, procedure_id: int, agency_id: int) -> tuple[Step, ...]:
    """The steps of the active process of a procedure at an agency, in order, each with its process: one
    query, then kept in the cache until a process or step changes (every receipt reads them)."""
    def read() -> tuple[Step, ...]:
        steps = tuple(Step.objects.filter(process__procedure_id=procedure_id, process__agency_id=agency_id,
                                          process__status=Process.Status.ACTIVE).select_related("process"))
        if steps:
            process = steps[0].process
            for step in steps:
                step.process = process
        return steps

    return generations.remember(GENERATION, f"active:{procedure_id}:{agency_id}", read)


def graph_steps(process: Process) -> list[dict]:
    """The steps as the pure graph module reads them."""
    return [{"code": s.code, "name": s.name, "next_steps": list(s.next_steps), "duration_amount": s.duration_amount,
             "duration_unit": s.duration_unit, "detail": f"{s.get_role_display()} · {s.duration or '—'}"}
            for s in process.steps.all()]
