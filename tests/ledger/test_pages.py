import datetime
import io

import docx
import openpyxl
import pytest
from django.urls import reverse

from ledger.models import Ledger, ProgressEntry
from ledger.reports import monthly_docx, monthly_xlsx
from offices.models import Office
from tests.ledger import files
from tests.ledger.helpers import make_ledger, report, task_url

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def office():
    return Office.objects.create(name="办公室")


def test_public_page_shows_a_public_ledger_with_its_latest_progress(client, office):
    _ledger, requirements = make_ledger(
        2024,
        [{"text": "公开年度报告", "lead": ["办公室"], "support": ["社会救助科"]}] * 1
        + [{"text": "持续做好政策解读", "deadline_text": "持续推进"}],
        is_public=True,
    )
    report(requirements[0], office, D(2024, 3, 1), text="旧的进展")
    report(
        requirements[0],
        office,
        D(2024, 4, 1),
        state="delayed",
        text="新的进展",
        reason="等待上级文件",
    )
    response = client.get(task_url(requirements[0]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "公开年度报告" in page and "办公室牵头，社会救助科配合" in page
    assert "新的进展" in page and "旧的进展" not in page and "等待上级文件" in page
    assert "暂无进展" in page
    assert 'data-label="推进情况"' in page


def test_a_ledger_not_public_is_hidden_from_citizens(staff_client, office):
    from django.test import Client

    _, (requirement,) = make_ledger(2024, [{}])
    client = Client()
    assert client.get(reverse("ledger:ledger-detail", args=[2024])).status_code == 404
    assert client.get(task_url(requirement)).status_code == 404
    staff_page = staff_client.get(task_url(requirement))
    assert staff_page.status_code == 200
    assert "已逾期" in staff_page.content.decode()  # 2024年底前, undone
    assert client.get(reverse("ledger:ledger-detail", args=[1999])).status_code == 404


def test_the_ledger_pages_carry_the_header_s_domains(client):
    from tests.factories import make_domain

    make_domain(name="养老服务", slug="elderly-care")
    make_ledger(2024, [{}], is_public=True)
    for url in (reverse("ledger:ledger-list"), reverse("ledger:ledger-detail", args=[2024])):
        assert 'href="/catalogue/elderly-care/"' in client.get(url).content.decode()


def test_monthly_report_in_xlsx_and_docx(office):
    ledger, requirements = make_ledger(
        2024,
        [{"deadline_text": "6月底前"}, {"deadline_text": "年底前"}, {"deadline_text": "持续推进"}],
    )
    report(requirements[1], office, D(2024, 7, 1), state="delayed", reason="经费未到位")
    today = D(2024, 7, 15)
    ws = openpyxl.load_workbook(io.BytesIO(monthly_xlsx(ledger, today))).active
    assert ws["A1"].value == "2024年政务公开重点工作台账推进情况（截至 2024 年 7 月 15 日）"
    assert [c.value for c in ws[2]] == [
        "序号",
        "具体要求",
        "责任部门（单位）",
        "时限要求",
        "状态",
        "最新进展",
        "填报日期",
    ]
    assert ws["E3"].value.startswith("已逾期；应于 2024年6月30日 前完成")
    assert ws["E4"].value.startswith("按期推进（延期：经费未到位）")
    assert ws["F3"].value == "尚未填报"
    document = docx.Document(io.BytesIO(monthly_docx(ledger, today)))
    (table,) = document.tables
    assert [c.text for c in table.rows[0].cells][:2] == ["序号", "具体要求"]
    assert len(table.rows) == 4


def test_admin_upload_preview_confirm(staff_client, office):
    url = reverse("admin:ledger_ledger_import")
    upload = io.BytesIO(files.seed_004_xlsx())
    upload.name = "台账.xlsx"
    response = staff_client.post(
        url, {"year": 2021, "title": "省民政厅 2021 年政务公开重点工作台账", "file": upload}
    )
    page = response.content.decode()
    assert "新增 7 条" in page and not Ledger.objects.exists()
    token = response.context["token"]
    response = staff_client.post(url, {"confirm": "1", "token": token})
    assert response.status_code == 302
    ledger = Ledger.objects.get()
    assert ledger.title == "省民政厅 2021 年政务公开重点工作台账"
    assert ledger.requirements.count() == 7
    # The same token cannot be confirmed twice.
    response = staff_client.post(url, {"confirm": "1", "token": token})
    assert "确认信息已过期" in response.content.decode()


def test_admin_upload_refused_names_the_cell(staff_client, office):
    rows = [list(row) for row in files.SEED_004_ROWS]
    rows[3][4] = None
    upload = io.BytesIO(files.xlsx_bytes(rows))
    upload.name = "台账.xlsx"
    response = staff_client.post(
        reverse("admin:ledger_ledger_import"), {"year": 2021, "file": upload}
    )
    assert "工作表“台账”第 4 行“责任部门（单位）”列：缺少责任部门" in response.content.decode()
    assert not Ledger.objects.exists()


def test_admin_downloads(staff_client, office):
    ledger, _ = make_ledger(2024, [{}])
    for kind in ("xlsx", "json", "monthly-xlsx", "monthly-docx"):
        response = staff_client.get(reverse("admin:ledger_ledger_export", args=[ledger.pk, kind]))
        assert response.status_code == 200, kind
    assert (
        staff_client.get(reverse("admin:ledger_ledger_export", args=[ledger.pk, "pdf"])).status_code
        == 404
    )


def test_clerks_report_only_for_their_offices(client, django_user_model, office):
    from django.contrib.auth.models import Permission

    other = Office.objects.create(name="社会救助科")
    _, (own, foreign) = make_ledger(2024, [{"lead": ["办公室"]}, {"lead": ["社会救助科"]}])
    clerk = django_user_model.objects.create_user("clerk2", password="pw", is_staff=True)
    clerk.user_permissions.set(Permission.objects.filter(codename__endswith="progressentry"))
    office.members.add(clerk)
    client.force_login(clerk)
    add = reverse("admin:ledger_progressentry_add")
    form = client.get(add).context["adminform"].form
    assert list(form.fields["requirement"].queryset) == [own]
    assert list(form.fields["office"].queryset) == [office]
    response = client.post(
        add,
        {
            "requirement": foreign.pk,
            "office": other.pk,
            "reported_on": "2024-03-01",
            "state": "done",
            "text": "x",
        },
    )
    assert response.status_code == 200 and not ProgressEntry.objects.exists()
    response = client.post(
        add,
        {
            "requirement": own.pk,
            "office": office.pk,
            "reported_on": "2024-03-01",
            "state": "delayed",
            "text": "x",
            "reason": "",
        },
    )
    assert "请填写延期原因" in response.content.decode()


def test_the_ledger_is_public_once_its_publication_is_reviewed(staff_user, office):
    from django.test import Client

    from ledger import publishing
    from review import workflow
    from tests.factories import make_column

    ledger, _ = make_ledger(2024, [{}])
    with pytest.raises(publishing.NotReady, match="请先为台账选择公开栏目"):
        publishing.file_ledger(ledger)
    ledger.column = make_column(name="工作推进")
    ledger.save()
    publication = publishing.file_ledger(ledger)
    assert publication.attachments.get().kind == "xlsx"
    assert publication.column == ledger.column and publication.status == "draft"
    url = reverse("ledger:ledger-detail", args=[2024])
    assert Client().get(url).status_code == 404
    for step in (workflow.submit, workflow.check, workflow.approve, workflow.publish):
        step(staff_user, publication)
    assert Client().get(url).status_code == 200
    with pytest.raises(publishing.NotReady, match="已在审核中或已发布"):
        publishing.file_ledger(ledger)


def test_a_new_progress_report_reaches_the_cached_page(client, office):
    _, (requirement,) = make_ledger(2024, [{}], is_public=True)
    url = task_url(requirement)
    assert "暂无进展" in client.get(url).content.decode()
    report(requirement, office, D(2024, 3, 1), text="已完成年度梳理")
    assert "已完成年度梳理" in client.get(url).content.decode()


def test_progress_is_public_only_once_reviewed(client, office, django_user_model):
    from django.contrib.auth.models import Group

    from review import workflow
    from review.roles import CLERK, HEAD, LEADER

    _, (requirement,) = make_ledger(2024, [{"lead": ["办公室"]}], is_public=True)
    clerk = django_user_model.objects.create_user("clerk-l", password="pw", is_staff=True)
    clerk.groups.add(Group.objects.get(name=CLERK))
    office.members.add(clerk)
    head = django_user_model.objects.create_user("head-l", password="pw", is_staff=True)
    head.groups.add(Group.objects.get(name=HEAD))
    leader = django_user_model.objects.create_user("leader-l", password="pw", is_staff=True)
    leader.groups.add(Group.objects.get(name=LEADER))
    entry = report(
        requirement, office, D(2024, 3, 1), text="待审的进展", status="draft", author=clerk
    )
    url = task_url(requirement)
    assert "待审的进展" not in client.get(url).content.decode()
    workflow.submit(clerk, entry)
    with pytest.raises(workflow.ReviewRefused):
        workflow.approve(clerk, entry)
    workflow.check(head, entry)
    workflow.approve(leader, entry)
    workflow.publish(head, entry)
    assert "待审的进展" in client.get(url).content.decode()
