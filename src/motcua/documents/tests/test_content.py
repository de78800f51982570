"""What the forms say, without rendering PDFs: the hand-offs of Mẫu 05 and their outcomes from the
working-day engine, forms a dossier does not have, the register's queries, the form-set setting and
the Vietnamese ways of writing dates."""

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.documents import control, forms
from motcua.documents import vietnamese as vi
from motcua.documents.formsets import current_form_set
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.organizations.models import ServiceCentre

from .conftest import _receive, at

UTC = dt.UTC


@pytest.mark.django_db
def test_hand_offs_of_the_journey(journey):
    rows = control.handoffs(journey)
    assert [(r.giver_unit, r.receiver_unit) for r in rows] == [
        ("Trung tâm Phục vụ hành chính công tỉnh Tây Ninh", "Phòng Đăng ký kinh doanh, Sở Tài chính tỉnh Tây Ninh"),
        ("Phòng Đăng ký kinh doanh, Sở Tài chính tỉnh Tây Ninh", "Phòng Đăng ký kinh doanh, Sở Tài chính tỉnh Tây Ninh"),
        ("Phòng Đăng ký kinh doanh, Sở Tài chính tỉnh Tây Ninh", "Tổ chức, cá nhân"),
        ("Tổ chức, cá nhân", "Trung tâm Phục vụ hành chính công tỉnh Tây Ninh"),
        ("Phòng Đăng ký kinh doanh, Sở Tài chính tỉnh Tây Ninh", "Thuế tỉnh Tây Ninh"),
        ("Thuế tỉnh Tây Ninh", "Sở Tài chính tỉnh Tây Ninh"),
        ("Sở Tài chính tỉnh Tây Ninh", "Trung tâm Phục vụ hành chính công tỉnh Tây Ninh"),
        ("Trung tâm Phục vụ hành chính công tỉnh Tây Ninh", "Tổ chức, cá nhân"),
    ]
    assert [(r.giver, r.receiver) for r in rows] == [
        ("Nguyễn Thị Lan", "Hoàng Minh Quân"),  # the director acted first at the appraisal step: he assigned it
        ("Hoàng Minh Quân", "Lê Văn Đức"),
        ("Lê Văn Đức", "Nguyễn Văn An"),
        ("Nguyễn Văn An", "Nguyễn Thị Lan"),
        ("Lê Văn Đức", "Trương Thị Ánh"),  # the tax officer, who worked on the linked dossier
        ("Trương Thị Ánh", "Hoàng Minh Quân"),
        ("Hoàng Minh Quân", "Nguyễn Thị Lan"),
        ("Nguyễn Thị Lan", "Nguyễn Văn An"),
    ]
    # Appraisal: 8 working hours from Mon 09:00, extended by the one-day pause, left Tue 15:00 → a day early.
    # Tax leg: 4 working hours from Tue 15:00 (due Wed 09:30), back Wed 09:00. Signing: due Wed 15:00, done 10:00.
    # Return: Wed 10:30 against the appointment before the reschedule (Fri 13/3 09:00).
    assert [r.outcome for r in rows] == ["—", "—", "—", "—", "Trước hạn", "Đúng hạn", "Đúng hạn", "Trước hạn"]
    assert rows[0].at == "09 giờ 00 phút, ngày 09/03/2026"
    assert "hồ sơ liên thông 000.00.16.H53-260310-0001" in rows[4].note


@pytest.mark.django_db
def test_a_step_left_after_its_due_is_overdue(people, process):
    with at(9, 9):
        dossier = _receive(people, process)
    with at(11, 16):  # 8 working hours from Mon 09:00 end on Tue morning
        services.move(actor=people.specialist, dossier=dossier)
    rows = control.handoffs(Dossier.objects.get(pk=dossier.pk))
    assert [r.outcome for r in rows] == ["—", "Quá hạn"]
    assert rows[1].receiver == ""  # nobody at the tax office has acted yet


@pytest.mark.django_db
def test_the_linked_dossier_has_its_own_control_slip(journey):
    rows = control.handoffs(journey.children.get())
    assert [(r.giver_unit, r.receiver_unit, r.outcome) for r in rows] == [
        ("Sở Tài chính tỉnh Tây Ninh", "Thuế tỉnh Tây Ninh", "—"),
        ("Thuế tỉnh Tây Ninh", "Sở Tài chính tỉnh Tây Ninh", "Đúng hạn"),
    ]


@pytest.mark.django_db
def test_forms_a_dossier_does_not_have(guided, refused, people, process):
    with at(9, 9):
        received = _receive(people, process)
    for call in (lambda: forms.receipt_pdf(guided), lambda: forms.receipt_pdf(refused),
                 lambda: forms.refusal_pdf(received), lambda: forms.apology_pdf(received),
                 lambda: forms.supplementation_pdf(received), lambda: forms.supplementation_pdf(received, number=2),
                 lambda: forms.process_control_pdf(refused)):
        with pytest.raises(forms.FormNotAvailable):
            call()


@pytest.mark.django_db
def test_register_reads_a_constant_number_of_queries(journey, people, process):
    def queries():
        centre = ServiceCentre.objects.get(pk=people.centre.pk)
        with CaptureQueriesContext(connection) as captured:
            html = forms.register_html(start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31), centre=centre)
        return len(captured), html.count('<td class="code">')

    count, rows = queries()
    with at(12, 10):
        _receive(people, process)
        _receive(people, process)
    assert queries() == (count, rows + 2)


@pytest.mark.django_db
def test_register_of_an_agency_lists_what_it_received_directly(journey, people):
    html = forms.register_html(start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31), agency=people.tax)
    assert "260310-0001" in html and "Liên thông từ hồ sơ 000.00.20.H53-260309-0001" in html
    assert "H53-<br>260309-0001" not in html  # the centre's dossier is in the centre's register


def test_form_set_is_a_setting(settings):
    assert current_form_set().code == "tt01-2018"
    assert current_form_set().template("06") == "documents/tt01-2018/mau-06.html"
    settings.MOTCUA_FORM_SET = "tt03-2025"
    with pytest.raises(ImproperlyConfigured):
        current_form_set()


def test_dates_the_vietnamese_way():
    assert vi.date_words(dt.date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert vi.date_words(dt.date(2026, 3, 9)) == "ngày 09 tháng 3 năm 2026"
    assert vi.date_words(dt.date(2026, 12, 25)) == "ngày 25 tháng 12 năm 2026"
    # 20:30 UTC is already the next morning in Vietnam.
    assert vi.time_words(dt.datetime(2026, 2, 27, 20, 30, tzinfo=UTC)) == "03 giờ 30 phút, ngày 28 tháng 02 năm 2026"
    assert vi.short_time(dt.datetime(2026, 3, 9, 2, 0, tzinfo=UTC)) == "09 giờ 00 phút, ngày 09/03/2026"
    assert vi.time_words(None) == "…… giờ …… phút, ngày …… tháng …… năm ……"
    assert vi.clock(dt.datetime(2026, 3, 9, 2, 0, tzinfo=UTC)) == ("09:00", "09/03/2026")
    with pytest.raises(ValueError):
        vi.local(dt.datetime(2026, 3, 9, 9, 0))


def test_places_units_and_durations():
    assert vi.place_name("Tỉnh Tây Ninh") == "Tây Ninh"
    assert vi.place_name("Phường Tân Ninh") == "Tân Ninh"
    assert vi.place_name("Thành phố Hà Nội") == "Hà Nội"
    assert vi.place_name("Xã Tân Biên") == "Tân Biên"
    assert vi.abbreviate("Ủy ban nhân dân tỉnh Tây Ninh") == "UBND tỉnh Tây Ninh"
    assert vi.upper("Ủy ban nhân dân phường Tân Ninh") == "ỦY BAN NHÂN DÂN PHƯỜNG TÂN NINH"
    assert vi.duration_words(3, "wd") == "03 ngày làm việc"
    assert vi.duration_words(None, "same_day") == "Trong ngày"
    assert vi.nfc("Nguye\u0302\u0303n") == "Nguyễn"
