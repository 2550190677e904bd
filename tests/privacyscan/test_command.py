"""scan_privacy: one line per finding with the admin page, exit 1 if any, 0 when clean."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from catalogue.models import DisclosureItem
from publications.models import Attachment, Publication
from tests.factories import make_item, make_publication
from tests.privacy.files import pdf, resident_id, xlsx

pytestmark = pytest.mark.django_db

NUMBER = resident_id()
MASKED = "340802********123X"


def run(*args):
    """Run the command; return (exit code, output). It exits 1 through sys.exit, as cron sees."""
    out = io.StringIO()
    try:
        call_command("scan_privacy", *args, stdout=out)
    except SystemExit as exc:
        return exc.code, out.getvalue()
    return 0, out.getvalue()


def attach(publication, name, data):
    attachment = Attachment(publication=publication)
    attachment.file.save(name, ContentFile(data), save=False)
    attachment.save()
    return attachment


def test_clean_portal_exits_0():
    make_item()
    make_publication()
    code, out = run()
    assert code == 0
    assert out.strip() == "未发现个人敏感信息。"


def test_findings_are_listed_with_admin_urls_and_exit_1():
    item = make_item(level1="临时救助", level2="审核信息", content=f"对象 张三 {NUMBER}")
    publication = make_publication(title="救助名单公示")
    attach(publication, "名单.xlsx", xlsx({"Sheet1": [["姓名", "电话"], ["李四", "13812345678"]]}))
    code, out = run()
    assert code == 1
    lines = out.strip().splitlines()
    item_url = f"/admin/catalogue/disclosureitem/{item.pk}/change/"
    assert lines[0] == (
        f"公开事项“临时救助 / 审核信息”（{item_url}） 公开内容（要素）：发现身份证号 {MASKED}"
    )
    assert lines[1].startswith("栏目信息“救助名单公示”")
    assert lines[1].endswith(
        "附件“名单.xlsx” 工作表“Sheet1”第2行第2列（B2）：发现手机号 138****5678"
    )
    assert lines[-1] == "共发现 2 处，请在后台遮挡后重新保存。"
    assert NUMBER not in out


def test_drafts_only_with_all():
    make_item(content=f"对象 {NUMBER}", status=DisclosureItem.Status.DRAFT)
    make_publication(body="电话 13812345678", status=Publication.Status.DRAFT)
    assert run()[0] == 0
    code, out = run("--all")
    assert code == 1
    assert "共发现 2 处" in out


def test_notes_are_printed_but_do_not_fail(settings):
    settings.PRIVACY_SCAN_MAX_PAGES = 1
    attach(make_publication(title="年鉴"), "年鉴.pdf", pdf([["one"], ["two"]]))
    code, out = run()
    assert code == 0
    assert "提示：附件“年鉴.pdf”：文档共 2 页，只检查了前 1 页" in out
    assert out.strip().endswith("未发现个人敏感信息。")


def test_queries_do_not_grow_with_rows(django_assert_max_num_queries):
    for n in range(3):
        make_item(level2=f"事项{n}")
        attach(make_publication(), f"表{n}.xlsx", xlsx({"S": [["无"]]}))
    with django_assert_max_num_queries(10) as few:
        assert run()[0] == 0
    for n in range(3, 30):
        make_item(level2=f"事项{n}")
        attach(make_publication(), f"表{n}.xlsx", xlsx({"S": [["无"]]}))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert run()[0] == 0


def test_a_stored_file_gone_missing_is_reported_not_a_crash():
    attachment = attach(make_publication(title="通知"), "通知.pdf", pdf([["text"]]))
    Attachment.objects.filter(pk=attachment.pk).update(kind="")  # not even its kind is known
    attachment.file.storage.delete(attachment.file.name)
    code, out = run()
    assert code == 1
    assert "附件“通知.pdf”：无法读取（文件无法打开）" in out
