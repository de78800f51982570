"""Work waiting for each demo officer at the Department of Justice, made through the services as the
officers would: a dossier submitted online to receive at the counter, dossiers to appraise, to review,
to sign, and one waiting for the applicant's supplement. The generated year of dossiers is nearly all
finished (as in the published figures), so without these the demo inboxes would be almost empty."""

from django.contrib.auth import get_user_model
from django.test import override_settings

from motcua.dossiers import services
from motcua.organizations.models import Agency, ServiceCentre
from motcua.processes.models import Process

JUSTICE, CENTRE, PROCEDURE = "000.00.04.H53", "000.00.20.H53", "3.000333"  # Phiếu lý lịch tư pháp
# (applicant, ID number, how far the dossier goes: the steps completed after receiving)
WALK_INS = (
    ("Trần Thị Bích Ngọc", "072190004521", 0),
    ("Lê Hoàng Phúc", "072092003318", 0),
    ("Phạm Minh Khôi", "072088007702", 1),
    ("Võ Thị Kim Yến", "072195001146", 1),
    ("Đặng Quốc Bảo", "072085009930", 2),
)
SUPPLEMENTED = ("Huỳnh Văn Lợi", "072079006654")


def _user(username):
    return get_user_model().objects.get(username=username)


def _applicant(name, id_number, phone_tail):
    return {"name": name, "id_number": id_number, "phone": f"09123{phone_tail:05d}",
            "address": "Phường Tân Ninh, tỉnh Tây Ninh"}


@override_settings(MOTCUA_NOTIFY_ENABLED=False)  # fictitious applicants: nobody to notify
def open_demo_dossiers() -> int:
    """Makes the dossiers above; returns how many."""
    justice, centre = Agency.objects.get(code=JUSTICE), ServiceCentre.objects.get(code=CENTRE)
    process = Process.objects.select_related("procedure__current_version").get(
        agency=justice, procedure__base_code=PROCEDURE, status=Process.Status.ACTIVE)
    version = process.procedure.current_version
    components = [{"name": c.name, "kind": "original"} for c in version.components.all()[:2]]
    counter, specialist, head = _user("canbo.motcua"), _user("chuyenvien"), _user("truongphong")
    common = {"procedure_version": version, "receiving_centre": centre, "deciding_agency": justice}
    made = 0
    for k, (name, id_number, steps) in enumerate(WALK_INS):
        dossier = services.receive(actor=counter, applicant=_applicant(name, id_number, k),
                                   components=components, **common)
        if k == 0:
            dossier = services.assign(actor=head, dossier=dossier, assignee=specialist)
        for actor in (specialist, head)[:steps]:
            dossier = services.move(actor=actor, dossier=dossier, opinion="Hồ sơ đủ điều kiện, đề nghị chuyển bước sau.")
        made += 1
    name, id_number = SUPPLEMENTED
    dossier = services.receive(actor=counter, applicant=_applicant(name, id_number, 9), components=components,
                               **common)
    services.request_supplementation(actor=specialist, dossier=dossier, reason="Thiếu giấy tờ chứng minh nơi cư trú.",
                                     items=[{"name": "Giấy xác nhận thông tin về cư trú"}])
    made += 1
    citizen = _user("congdan")
    services.submit_online(applicant_user=citizen, applicant=_applicant(citizen.get_full_name(), "072090001234", 7),
                           components=components, **common)
    return made + 1
