"""Demo processes: every published demo procedure gets a five-step process at its deciding agencies —
the three commune committees with a centre for commune procedures, the competent department for the
others: receive → appraise → review → sign → return the result, the time limit shared between them."""

from django.db import transaction

from motcua.catalog.models import Procedure
from motcua.organizations.models import Agency, ServiceCentre

from .models import Process
from .services import create_process, hours_per_working_day

DEPARTMENT_OF_FIELD = {
    "HOTICH": "Sở Tư pháp", "CHUNGTHUC": "Sở Tư pháp", "LLTP": "Sở Tư pháp", "CUTRU": "Công an",
    "CANCUOC": "Công an", "HKD": "Sở Tài chính", "DATDAI": "Sở Nông nghiệp và Môi trường",
    "XAYDUNG": "Sở Xây dựng", "BTXH": "Sở Nội vụ", "GIAMNGHEO": "Sở Nội vụ", "BHYT": "Bảo hiểm xã hội",
}
# (code, name, action, role, share of the working time)
TEMPLATE = [
    ("tiep-nhan", "Tiếp nhận hồ sơ", "receive", "counter_officer", 0.0),
    ("tham-dinh", "Thẩm định hồ sơ", "appraise", "specialist", 0.6),
    ("xem-xet", "Lãnh đạo phòng xem xét", "review", "division_head", 0.15),
    ("ky-duyet", "Lãnh đạo cơ quan ký duyệt", "sign", "agency_leader", 0.15),
    ("tra-ket-qua", "Trả kết quả", "return_result", "counter_officer", 0.1),
]


def template_steps(version, hours_per_day: float) -> list[dict]:
    unit, amount = version.processing_unit, version.processing_amount or 1
    total = {"wh": amount, "wd": amount * hours_per_day, "same_day": hours_per_day}.get(unit)
    steps = []
    for index, (code, name, action, role, share) in enumerate(TEMPLATE):
        if total is None:  # calendar days or months: share whole working days
            duration = (int(amount * share), "wd") if share else (0, "wh")
        else:
            duration = (int(total * share), "wh")
        nxt = [TEMPLATE[index + 1][0]] if index + 1 < len(TEMPLATE) else []
        steps.append({"code": code, "name": name, "action": action, "role": role, "duration_amount": duration[0],
                      "duration_unit": duration[1], "next_steps": nxt})
    return steps


@transaction.atomic
def load_demo_processes(*, province_committee: Agency) -> int:
    hours = hours_per_working_day()
    commune_agencies = [c.agency for c in ServiceCentre.objects.filter(
        level=ServiceCentre.Level.COMMUNE, agency__path__startswith=province_committee.path).select_related("agency")]
    departments = {a.name: a for a in Agency.objects.filter(parent=province_committee)}
    created = 0
    for procedure in Procedure.objects.filter(current_version__isnull=False).select_related("current_version", "field"):
        version = procedure.current_version
        agencies = list(commune_agencies) if "commune" in version.levels else []
        if "province" in version.levels or "central" in version.levels or not agencies:
            prefix = DEPARTMENT_OF_FIELD.get(procedure.field.code)
            agencies += [a for name, a in departments.items() if prefix and name.startswith(prefix)][:1]
        for agency in agencies:
            if Process.objects.filter(procedure=procedure, agency=agency).exists():
                continue
            create_process(actor=None, procedure=procedure, agency=agency, name=f"Quy trình {version.name}",
                           steps=template_steps(version, hours))
            created += 1
    return created
