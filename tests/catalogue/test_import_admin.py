"""The admin import: upload → preview → confirm, through the views with the test client."""

import html
import io
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from catalogue.importing import read_dataset
from catalogue.models import DisclosureItem
from tests.admin_pages import confirm_data, page_text
from tests.catalogue.import_support import record, records, workbook
from tests.factories import make_channels, make_domain, make_item
from units.models import Unit

pytestmark = [
    pytest.mark.django_db,
]

IMPORT_URL = "/admin/catalogue/disclosureitem/import/"
CONFIRM_URL = "/admin/catalogue/disclosureitem/process_import/"


@pytest.fixture
def domain():
    make_channels()
    return make_domain(name="社会救助", slug="social-assistance")


def upload(client, domain, content, name="目录.xlsx", publish=False):
    data = {
        "domain": domain.pk,
        "format": "0",
        "resource": "0",
        "import_file": SimpleUploadedFile(name, content),
    }
    if publish:
        data["publish"] = "on"
    return client.post(IMPORT_URL, data)


def test_upload_page_asks_for_domain_file_and_publish_option(staff_client, domain):
    response = staff_client.get(IMPORT_URL)
    assert response.status_code == 200
    page = page_text(response)
    assert "社会救助" in page
    assert "导入后直接发布" in page
    assert 'accept=".xlsx"' in page


def test_preview_shows_new_changed_unchanged_and_missing_then_confirm_writes(staff_client, domain):
    base = {k: record(1)[k] for k in ("number", "level1", "level2", "content", "deadline")}
    changed = make_item(
        domain=domain,
        channels=("政府网站", "公开查阅点"),
        **base,
        basis="旧依据",
        issuing_body=record(1)["issuing_body"],
        status="draft",  # a published item's change would become a revision instead
    )
    unchanged = make_item(
        domain=domain,
        channels=("政府网站", "公开查阅点"),
        **{
            k: v
            for k, v in record(2).items()
            if k not in ("channels", "other_channels", "audience", "mode", "level")
        },
    )
    missing = make_item(domain=domain, level1="临时救助", level2="办事指南")
    before = dict(DisclosureItem.objects.values_list("pk", "updated_at"))

    response = upload(staff_client, domain, workbook(records(3)))
    assert response.status_code == 200
    page = page_text(response)
    assert "导入预览：社会救助" in page
    assert "新增 1 个，修改 1 个，无变化 1 个。" in page
    assert "新增的事项导入为草稿" in page
    assert re.search(
        r"<td>5</td> <td>最低生活保障 / 事项001</td> <td[^>]*>修改</td> <td> ?"
        r"<details[^>]*><summary>公开依据</summary>",
        page,
    )
    # The changed element shows the portal's value and the file's.
    assert "<dt>公开依据</dt><dd><del>原：旧依据</del><br><ins>新：" + record(1)["basis"] in page
    assert re.search(r"<td>6</td> <td>最低生活保障 / 事项002</td> <td[^>]*>无变化</td>", page)
    assert re.search(r"<td>7</td> <td>最低生活保障 / 事项003</td> <td[^>]*>新增</td>", page)
    assert "以下 1 个事项在系统中存在但文件中没有；不会被删除" in page
    assert "临时救助 / 办事指南" in page
    assert 'name="delete_missing"' in page
    # The preview wrote nothing.
    assert dict(DisclosureItem.objects.values_list("pk", "updated_at")) == before

    response = staff_client.post(CONFIRM_URL, confirm_data(response, CONFIRM_URL))
    assert response.status_code == 302
    assert response.url.endswith("/admin/catalogue/disclosureitem/")
    assert DisclosureItem.objects.get(pk=changed.pk).basis == record(1)["basis"]
    assert DisclosureItem.objects.get(pk=unchanged.pk).updated_at == before[unchanged.pk]
    new = DisclosureItem.objects.get(level2="事项003")
    assert new.status == DisclosureItem.Status.DRAFT
    assert DisclosureItem.objects.filter(pk=missing.pk).exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [
        "导入完成（社会救助）：新增 1 个，修改 1 个，无变化 1 个。"
        "新增的事项导入为草稿，审核后再发布（先审后发）；已有事项保持原来的状态。"
        "另有 1 个事项在文件中没有，已保留。"
    ]


def test_preview_shows_the_readers_notes(staff_client, domain):
    recs = records(2)
    recs[1]["level"] = []
    content = workbook(recs)
    notes = read_dataset(io.BytesIO(content)).notes
    assert notes
    page = page_text(upload(staff_client, domain, content))
    assert "读取提示" in page
    for note in notes:
        # Something to check before confirming: a warning, never the admin's green success tick.
        assert f'<li class="warning">{html.escape(note)}</li>' in page


def test_reimporting_the_same_file_reports_all_unchanged(staff_client, domain):
    content = workbook(records(3))
    response = upload(staff_client, domain, content, publish=True)
    staff_client.post(CONFIRM_URL, confirm_data(response, CONFIRM_URL))
    assert set(DisclosureItem.objects.values_list("status", flat=True)) == {"published"}
    before = dict(DisclosureItem.objects.values_list("pk", "updated_at"))

    response = upload(staff_client, domain, content)
    assert "新增 0 个，修改 0 个，无变化 3 个。" in page_text(response)
    staff_client.post(CONFIRM_URL, confirm_data(response, CONFIRM_URL))
    assert dict(DisclosureItem.objects.values_list("pk", "updated_at")) == before


def test_missing_items_are_deleted_only_when_ticked(staff_client, domain):
    missing = make_item(domain=domain, level1="临时救助", level2="办事指南")
    response = upload(staff_client, domain, workbook(records(1)))
    data = confirm_data(response, CONFIRM_URL)
    assert "delete_missing" not in data  # off by default
    staff_client.post(CONFIRM_URL, data)
    assert DisclosureItem.objects.filter(pk=missing.pk).exists()

    response = upload(staff_client, domain, workbook(records(1)))
    response = staff_client.post(
        CONFIRM_URL, {**confirm_data(response, CONFIRM_URL), "delete_missing": "on"}
    )
    assert response.status_code == 302
    assert not DisclosureItem.objects.filter(pk=missing.pk).exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("目录.xlsx", b"not a workbook at all", "文件不是 Excel 工作簿（.xlsx）"),
        ("目录.xlsx", "序号,一级事项\n1,低保\n".encode(), "文件不是 Excel 工作簿（.xlsx）"),
        ("目录.csv", b"a,b\n", "只能导入 Excel 工作簿（.xlsx）"),
        ("目录.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "Excel 97-2003"),
    ],
)
def test_a_bad_file_is_a_form_error_in_chinese(staff_client, domain, name, content, message):
    kept = make_item(domain=domain)
    response = upload(staff_client, domain, content, name=name)
    assert response.status_code == 200
    page = page_text(response)
    assert message in page
    assert "encountered while trying to read file" not in page
    assert "confirm_form" not in response.context or not response.context["confirm_form"]
    assert list(DisclosureItem.objects.values_list("pk", flat=True)) == [kept.pk]


def test_a_sheet_without_the_template_header_is_refused(staff_client, domain):
    from openpyxl import Workbook

    from sitewide.xlsx import workbook_bytes

    wb = Workbook()
    wb.active.append(["名称", "备注"])
    wb.active.append(["低保", "无"])
    response = upload(staff_client, domain, workbook_bytes(wb))
    assert response.status_code == 200
    assert "表头" in page_text(response)
    assert not DisclosureItem.objects.exists()


def test_row_errors_are_listed_with_row_numbers_and_nothing_is_written(staff_client, domain):
    recs = records(6)
    recs[4]["level2"] = "过长" * 101
    response = upload(staff_client, domain, workbook(recs))
    assert response.status_code == 200
    page = page_text(response)
    assert "文件中有错误，未导入任何数据" in page
    assert "第 9 行（最低生活保障 / 过长" in page
    assert "二级事项：" in page
    assert not response.context.get("confirm_form")
    assert not DisclosureItem.objects.exists()


def test_a_second_confirm_click_does_not_fail(staff_client, domain):
    response = upload(staff_client, domain, workbook(records(2)))
    data = confirm_data(response, CONFIRM_URL)
    assert staff_client.post(CONFIRM_URL, data).status_code == 302
    second = staff_client.post(CONFIRM_URL, data)
    assert second.status_code == 302
    assert second.url.endswith(IMPORT_URL)
    assert DisclosureItem.objects.count() == 2


def test_import_needs_the_import_permission(client, django_user_model, domain, settings):
    clerk = django_user_model.objects.create_user("viewer", password="pw-清单-2026", is_staff=True)
    clerk.user_permissions.add(
        Permission.objects.get(codename="view_disclosureitem"),
        # Not bound to an office (per-office rights: tests/offices).
        Permission.objects.get(codename="manage_all_offices"),
    )
    Unit.objects.home().members.add(clerk)  # a clerk of the first unit
    client.force_login(clerk)
    assert client.get(IMPORT_URL).status_code == 403
    assert upload(client, domain, workbook(records(1))).status_code == 403
    assert not DisclosureItem.objects.exists()

    code = settings.IMPORT_EXPORT_IMPORT_PERMISSION_CODE
    clerk.user_permissions.add(Permission.objects.get(codename=f"{code}_disclosureitem"))
    client.force_login(clerk)
    assert client.get(IMPORT_URL).status_code == 200


def test_a_file_over_the_size_limit_is_refused_in_the_admin(staff_client, domain, settings):
    kept = make_item(domain=domain)
    settings.PORTAL_IMPORT_MAX_BYTES = 4096
    response = upload(staff_client, domain, workbook(records(40)))
    assert response.status_code == 200
    assert "上限" in page_text(response)
    assert list(DisclosureItem.objects.values_list("pk", flat=True)) == [kept.pk]


def test_an_empty_and_an_encrypted_file_are_refused_in_the_admin(staff_client, domain):
    from tests.spreadsheet.builders import ole2_bytes

    for content, message in ((b"", "所提交的是空文件"), (ole2_bytes("EncryptedPackage"), "密码")):
        response = upload(staff_client, domain, content)
        assert response.status_code == 200
        assert message in page_text(response)
    assert not DisclosureItem.objects.exists()


def test_preview_shows_the_values_of_new_rows(staff_client, domain):
    odd = record(2, content="内容写错了的一行", deadline="每季度", level=["乡级"])
    page = page_text(upload(staff_client, domain, workbook([record(1), odd])))
    row = re.search(r'<tr class="new import-row-new">\s*<td>6</td>(.*?)</tr>', page, re.S).group(1)
    assert "内容写错了的一行" in row
    assert "每季度" in row
    assert "政府网站、公开查阅点" in row
    assert "乡级" in row
