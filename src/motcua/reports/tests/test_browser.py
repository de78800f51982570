"""The dashboards in a real Chromium, checked with axe-core."""

import datetime as dt

import pytest

from motcua.dossiers import seed
from motcua.organizations.demo import DEMO_PASSWORD
from motcua.reports import facts

from .conftest import BUSY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def figures(demo_data):
    from motcua.reports.index import seed_default_version

    seed_default_version()  # a transactional test empties the tables the migration filled
    today = dt.date.today()
    seed.generate(n=120, months=2, seed=3, until=today, bulk=True, shares=BUSY)
    facts.refresh(full=True)


def test_public_page_renders_and_is_accessible(page, live_server, figures, axe):
    page.goto(f"{live_server.url}/reports/public/")
    assert page.get_by_role("heading", name="Kết quả giải quyết thủ tục hành chính", exact=False).is_visible()
    assert page.locator("svg.chart").count() == 3
    assert page.get_by_role("img", name="Hồ sơ tiếp nhận theo kênh").is_visible()
    assert axe(page) == []


def test_leader_dashboard_and_index_render_and_are_accessible(page, live_server, figures, axe):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("quantri")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/reports/?period=year")
    assert page.get_by_role("heading", name="Báo cáo một cửa", exact=False).is_visible()
    assert axe(page) == []
    page.locator("tbody th a").first.click()
    page.wait_for_load_state()
    assert page.get_by_text("Theo thủ tục").is_visible()
    page.goto(f"{live_server.url}/reports/index766/?period=year")
    assert page.get_by_text("Bộ chỉ số phục vụ 766", exact=False).first.is_visible()
    assert axe(page) == []
