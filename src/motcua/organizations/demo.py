"""The demo province: Tây Ninh as merged on 1/7/2025 (old Tây Ninh + Long An), its real communes, about
fifteen departments with divisions, a provincial service centre, three commune centres and one demo
officer per role. Agency codes follow the Decision 20/2020 format but are demo values, not the
province's official ones. Loading is idempotent: whatever already exists is left untouched."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from . import services
from .models import AdministrativeUnit, Agency, Division, Membership, ServiceCentre
from .roles import Role

PROVINCE_CODE = "80"
PROVINCE_AGENCY_SUFFIX = "H53"
DEMO_PASSWORD = "Demo-motcua-2025"  # demo only: printed by `motcua demo`, never for real use

DEPARTMENTS = [
    # (number in the code, name, kind, divisions)
    (1, "Văn phòng Ủy ban nhân dân tỉnh Tây Ninh", Agency.Kind.DEPARTMENT,
     ["Phòng Hành chính – Tổ chức", "Phòng Kiểm soát thủ tục hành chính"]),
    (2, "Sở Nội vụ tỉnh Tây Ninh", Agency.Kind.DEPARTMENT,
     ["Văn phòng Sở", "Phòng Tổ chức, biên chế", "Phòng Lao động, việc làm", "Phòng Người có công"]),
    (3, "Sở Tài chính tỉnh Tây Ninh", Agency.Kind.DEPARTMENT,
     ["Văn phòng Sở", "Phòng Đăng ký kinh doanh", "Phòng Quản lý ngân sách", "Phòng Tài chính đầu tư"]),
    (4, "Sở Tư pháp tỉnh Tây Ninh", Agency.Kind.DEPARTMENT,
     ["Văn phòng Sở", "Phòng Hành chính tư pháp", "Phòng Bổ trợ tư pháp",
      "Phòng Xây dựng, kiểm tra và theo dõi thi hành pháp luật"]),
    (5, "Sở Công Thương tỉnh Tây Ninh", Agency.Kind.DEPARTMENT,
     ["Văn phòng Sở", "Phòng Quản lý thương mại", "Phòng Quản lý công nghiệp"]),
    (6, "Sở Nông nghiệp và Môi trường tỉnh Tây Ninh", Agency.Kind.DEPARTMENT,
     ["Văn phòng Sở", "Phòng Đất đai", "Phòng Môi trường", "Chi cục Thủy lợi"]),
    (7, "Sở Xây dựng tỉnh Tây Ninh", Agency.Kind.DEPARTMENT,
     ["Văn phòng Sở", "Phòng Quản lý hoạt động xây dựng", "Phòng Quản lý phát triển đô thị",
      "Phòng Quản lý vận tải, phương tiện và người lái"]),
    (8, "Sở Y tế tỉnh Tây Ninh", Agency.Kind.DEPARTMENT, ["Văn phòng Sở", "Phòng Nghiệp vụ Y", "Phòng Nghiệp vụ Dược"]),
    (9, "Sở Giáo dục và Đào tạo tỉnh Tây Ninh", Agency.Kind.DEPARTMENT,
     ["Văn phòng Sở", "Phòng Giáo dục phổ thông", "Phòng Quản lý chất lượng"]),
    (10, "Sở Văn hóa, Thể thao và Du lịch tỉnh Tây Ninh", Agency.Kind.DEPARTMENT,
     ["Văn phòng Sở", "Phòng Quản lý văn hóa", "Phòng Quản lý du lịch"]),
    (11, "Sở Khoa học và Công nghệ tỉnh Tây Ninh", Agency.Kind.DEPARTMENT,
     ["Văn phòng Sở", "Phòng Quản lý khoa học", "Phòng Chuyển đổi số"]),
    (12, "Sở Dân tộc và Tôn giáo tỉnh Tây Ninh", Agency.Kind.DEPARTMENT, ["Văn phòng Sở", "Phòng Tôn giáo"]),
    (13, "Thanh tra tỉnh Tây Ninh", Agency.Kind.DEPARTMENT, ["Văn phòng", "Phòng Tiếp công dân và xử lý đơn"]),
    (14, "Ban Quản lý Khu kinh tế tỉnh Tây Ninh", Agency.Kind.DEPARTMENT,
     ["Văn phòng Ban", "Phòng Quản lý đầu tư", "Phòng Quản lý lao động"]),
    (15, "Công an tỉnh Tây Ninh", Agency.Kind.VERTICAL_AGENCY,
     ["Phòng Cảnh sát quản lý hành chính về trật tự xã hội", "Phòng Cảnh sát giao thông"]),
    (16, "Thuế tỉnh Tây Ninh", Agency.Kind.VERTICAL_AGENCY, ["Phòng Quản lý hộ kinh doanh, cá nhân"]),
    (17, "Bảo hiểm xã hội tỉnh Tây Ninh", Agency.Kind.VERTICAL_AGENCY, ["Phòng Quản lý thu – sổ, thẻ"]),
]
COMMUNE_DIVISIONS = ["Văn phòng Hội đồng nhân dân và Ủy ban nhân dân", "Phòng Kinh tế", "Phòng Văn hóa – Xã hội"]
WARD_DIVISIONS = ["Văn phòng Hội đồng nhân dân và Ủy ban nhân dân", "Phòng Kinh tế, Hạ tầng và Đô thị",
                  "Phòng Văn hóa – Xã hội"]
COMMUNE_CENTRES = ["25459", "27694", "25486"]  # Phường Tân Ninh, Phường Long An, Xã Tân Biên


@dataclass(frozen=True)
class DemoOfficer:
    username: str
    full_name: str
    role: str
    unit: str  # "province", "centre", "department:4", "division:4:Phòng Hành chính tư pháp", "commune-centre:N", "system"
    position: str


DEMO_USERS = [
    DemoOfficer("canbo.motcua", "Nguyễn Thị Lan", Role.COUNTER_OFFICER, "centre", "Công chức tiếp nhận"),
    DemoOfficer("chuyenvien", "Trần Văn Minh", Role.SPECIALIST, "division:4:Phòng Hành chính tư pháp",
                "Chuyên viên"),
    DemoOfficer("truongphong", "Lê Thị Hồng", Role.DIVISION_HEAD, "division:4:Phòng Hành chính tư pháp",
                "Trưởng phòng"),
    DemoOfficer("lanhdao", "Phạm Quốc Hùng", Role.AGENCY_LEADER, "department:4", "Giám đốc Sở"),
    DemoOfficer("giamdoc.trungtam", "Võ Thị Thu", Role.CENTRE_MANAGER, "centre", "Giám đốc Trung tâm"),
    DemoOfficer("quantri", "Đặng Văn Tâm", Role.SYSTEM_ADMIN, "system", "Quản trị hệ thống"),
    DemoOfficer("thanhtra", "Huỳnh Thị Mai", Role.AUDITOR, "province", "Thanh tra viên"),
    DemoOfficer("motcua.tanninh", "Bùi Thị Ngọc", Role.COUNTER_OFFICER, "commune-centre:0", "Công chức tiếp nhận"),
    DemoOfficer("motcua.longan", "Ngô Văn Phúc", Role.COUNTER_OFFICER, "commune-centre:1", "Công chức tiếp nhận"),
    DemoOfficer("motcua.tanbien", "Đỗ Thị Hạnh", Role.COUNTER_OFFICER, "commune-centre:2", "Công chức tiếp nhận"),
]
DEMO_CITIZEN = ("congdan", "Nguyễn Văn An", "072090001234")


def _agency(code, **fields) -> Agency:
    agency = Agency.objects.filter(code=code).first()
    return agency or services.create_agency(actor=None, code=code, **fields)


def _divisions(agency: Agency, names) -> None:
    have = set(agency.divisions.values_list("name", flat=True))
    for name in names:
        if name not in have:
            services.create_division(actor=None, agency=agency, name=name)


def _centre(code, **fields) -> ServiceCentre:
    centre = ServiceCentre.objects.filter(code=code).first()
    return centre or services.create_service_centre(actor=None, code=code, **fields)


def _user(username: str, full_name: str, **fields):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, full_name=full_name, **fields)
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


@transaction.atomic
def load_demo_province() -> dict:
    province = AdministrativeUnit.objects.get(code=PROVINCE_CODE, valid_to__isnull=True)
    suffix = PROVINCE_AGENCY_SUFFIX
    committee = _agency(f"000.00.00.{suffix}", name="Ủy ban nhân dân tỉnh Tây Ninh", short_name="UBND tỉnh",
                        kind=Agency.Kind.PROVINCIAL_COMMITTEE, administrative_unit=province)
    departments = {}
    for number, name, kind, divisions in DEPARTMENTS:
        departments[number] = _agency(f"000.00.{number:02d}.{suffix}", name=name, kind=kind,
                                      administrative_unit=province, parent=committee)
        _divisions(departments[number], divisions)
    communes = list(AdministrativeUnit.objects.filter(parent=province, valid_to__isnull=True).order_by("code"))
    commune_agencies = {}
    for index, commune in enumerate(communes, start=1):
        # Two-digit groups hold 99 values: spread the communes over the first two groups.
        code = f"{index // 100:03d}.{index % 100:02d}.50.{suffix}"
        commune_agencies[commune.code] = _agency(
            code, name=f"Ủy ban nhân dân {commune.name[0].lower()}{commune.name[1:]}", kind=Agency.Kind.COMMUNE_COMMITTEE,
            administrative_unit=commune, parent=committee)
        _divisions(commune_agencies[commune.code],
                   WARD_DIVISIONS if commune.kind == AdministrativeUnit.Kind.WARD else COMMUNE_DIVISIONS)
    provincial_centre = _centre(
        f"000.00.20.{suffix}", name="Trung tâm Phục vụ hành chính công tỉnh Tây Ninh",
        level=ServiceCentre.Level.PROVINCE, agency=committee, administrative_unit=province,
        address="Số 83 Phạm Tung, Phường Tân Ninh, Tỉnh Tây Ninh", counters=12)
    commune_centres = []
    for index, commune_code in enumerate(COMMUNE_CENTRES, start=1):
        agency = commune_agencies[commune_code]
        unit = agency.administrative_unit
        commune_centres.append(_centre(
            f"000.{index:02d}.51.{suffix}",
            name=f"Trung tâm Phục vụ hành chính công {unit.name[0].lower()}{unit.name[1:]}",
            level=ServiceCentre.Level.COMMUNE, agency=agency, administrative_unit=unit, counters=3))

    accounts = []
    for officer in DEMO_USERS:
        user = _user(officer.username, officer.full_name, position=officer.position,
                     is_staff=officer.role == Role.SYSTEM_ADMIN, is_superuser=officer.role == Role.SYSTEM_ADMIN)
        scope = _scope_of(officer.unit, committee, departments, provincial_centre, commune_centres)
        if not Membership.objects.filter(user=user, role=officer.role, **scope).exists():
            services.grant_membership(actor=None, user=user, role=officer.role, **scope)
        accounts.append((officer.username, officer.role.label, officer.full_name))
    username, full_name, personal_id = DEMO_CITIZEN
    _user(username, full_name, personal_id=personal_id, phone="0912345678")
    accounts.append((username, Role.CITIZEN.label, full_name))
    return {"province": province, "accounts": accounts, "password": DEMO_PASSWORD,
            "agencies": Agency.objects.filter(path__startswith=committee.path).count(),
            "communes": len(communes), "centres": 1 + len(commune_centres)}


def _scope_of(unit: str, committee, departments, provincial_centre, commune_centres) -> dict:
    kind, _, rest = unit.partition(":")
    if kind == "system":
        return {}
    if kind == "province":
        return {"agency": committee}
    if kind == "centre":
        return {"service_centre": provincial_centre}
    if kind == "commune-centre":
        return {"service_centre": commune_centres[int(rest)]}
    if kind == "department":
        return {"agency": departments[int(rest)]}
    number, _, division_name = rest.partition(":")
    department = departments[int(number)]
    return {"agency": department, "division": Division.objects.get(agency=department, name=division_name)}
