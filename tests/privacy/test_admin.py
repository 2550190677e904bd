"""Saving in the admin: a text holding a citizen's number is refused, what was typed is kept."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalogue.models import DisclosureItem
from publications.models import Attachment, Publication
from tests.admin_pages import form_version
from tests.factories import make_channels, make_column, make_domain, make_item
from tests.privacy import files
from tests.privacy.files import resident_id

pytestmark = pytest.mark.django_db

NUMBER = resident_id()
MASKED = "340802********123X"
ADD_PUBLICATION = reverse("admin:publications_publication_add")


def item_data(domain, channels, **overrides):
    data = {
        "domain": domain.pk,
        "number": 3,
        "level1": "最低生活保障",
        "level2": "审核信息",
        "status": "draft",
        "content": "审核结果、救助对象",
        "basis": "《社会救助暂行办法》",
        "deadline": "制定或获取信息之日起10个工作日内",
        "issuing_body": "县级人民政府民政部门",
        "channels": [channels["政府网站"].pk],
        "other_channels": "",
        "audience_public": "on",
        "mode_proactive": "on",
        "level_county": "on",
    }
    data.update(overrides)
    return data


def page(response):
    return html.unescape(response.content.decode())


def test_adding_an_item_with_an_id_number_is_refused_keeping_the_text(staff_client):
    domain = make_domain()
    channels = make_channels()
    typed = f"公示对象：张三，身份证号 {NUMBER}，联系电话 138 1234 5678"
    data = item_data(domain, channels, content=typed)
    response = staff_client.post(reverse("admin:catalogue_disclosureitem_add"), data)
    assert response.status_code == 200
    text = page(response)
    assert f"公开内容（要素）：发现身份证号 {MASKED}，请遮挡后再提交。" in text
    assert "公开内容（要素）：发现手机号 138****5678，请遮挡后再提交。" in text
    assert typed in text  # the textarea still holds what the clerk typed
    assert not DisclosureItem.objects.exists()


def test_changing_an_item_is_refused_and_the_item_keeps_its_old_text(staff_client):
    item = make_item(content="原来的公开内容")
    url = reverse("admin:catalogue_disclosureitem_change", args=[item.pk])
    form = staff_client.get(url).context["adminform"].form
    data = item_data(
        item.domain,
        make_channels(),
        level2=item.level2,
        basis="经办人银行卡 6222021234567894",
        version=form["version"].value(),
    )
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "公开依据：发现银行卡号 6222********7894，请遮挡后再提交。" in page(response)
    assert "经办人银行卡 6222021234567894" in page(response)
    item.refresh_from_db()
    assert item.basis == "《社会救助暂行办法》（国务院令第649号）"


def test_masked_numbers_save(staff_client):
    domain = make_domain()
    channels = make_channels()
    data = item_data(domain, channels, content="张*明 340802********1234 138****5678")
    response = staff_client.post(reverse("admin:catalogue_disclosureitem_add"), data)
    assert response.status_code == 302
    assert DisclosureItem.objects.get().content.startswith("张*明")


# -- Publications and their attachments ------------------------------------------------------


def publication_data(column, uploads=(), initial=0, **overrides):
    """The publication form as the browser posts it, one attachment row per (name, bytes)."""
    data = {
        "title": "关于2026年第一批临时救助对象的公示",
        "column": column.pk,
        "status": "draft",
        "topic": "social_assistance",
        "issuer": "",
        "written_on": "2026-03-02",
        "published_on": "2026-03-05",
        "document_number": "示民〔2026〕12号",
        "validity": "valid",
        "document_kind": "other",
        "normative_code": "",
        "repealed_on": "",
        "superseded_by": "",
        "mode": "proactive",
        "body": "经审核，现将临时救助对象公示如下。",
        "attachments-TOTAL_FORMS": str(initial + len(uploads)),
        "attachments-INITIAL_FORMS": str(initial),
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
    }
    for n, (name, content) in enumerate(uploads, start=initial):
        data[f"attachments-{n}-title"] = ""
        data[f"attachments-{n}-order"] = str(n)
        data[f"attachments-{n}-file"] = SimpleUploadedFile(name, content)
    data.update(overrides)
    return data


def inline_errors(response):
    formset = response.context["inline_admin_formsets"][0].formset
    return [message for form in formset.forms for message in form.errors.get("file", [])]


def test_publication_body_with_a_number_is_refused_keeping_the_text(staff_client):
    column = make_column()
    body = f"公示对象：张三（身份证号 {NUMBER}），联系电话 +86 138 1234 5678。"
    response = staff_client.post(ADD_PUBLICATION, publication_data(column, body=body))
    assert response.status_code == 200
    text = page(response)
    assert f"正文：发现身份证号 {MASKED}，请遮挡后再提交。" in text
    assert "正文：发现手机号 138****5678，请遮挡后再提交。" in text
    assert body in text
    assert not Publication.objects.exists()


def test_attachment_with_a_number_is_refused_on_its_row(staff_client):
    column = make_column()
    workbook = files.xlsx(
        {"Sheet1": [["姓名", "电话"], ["张*明", "138****5678"], ["李四", "13812345678"]]}
    )
    data = publication_data(column, uploads=[("名单.xlsx", workbook)], body="我输入的正文")
    response = staff_client.post(ADD_PUBLICATION, data)
    assert response.status_code == 200
    assert inline_errors(response) == [
        "附件“名单.xlsx” 工作表“Sheet1”第3行第2列（B3）：发现手机号 138****5678，请遮挡后再提交。"
    ]
    assert "我输入的正文" in page(response)
    assert not Publication.objects.exists()
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "通知.docx",
            files.docx(files.paragraph("通知") + files.paragraph(f"申请人 {NUMBER}", split_at=4)),
            f"附件“通知.docx” 第2段：发现身份证号 {MASKED}，请遮挡后再提交。",
        ),
        (
            "公示.pdf",
            files.pdf([["Notice"], ["Applicant " + NUMBER]]),
            f"附件“公示.pdf” 第2页：发现身份证号 {MASKED}，请遮挡后再提交。",
        ),
        (
            "加密.pdf",
            files.encrypted_pdf(files.pdf([["x"]])),
            "附件“加密.pdf”：无法读取（文件设置了打开密码（已加密）），无法检查其中是否含有"
            "个人敏感信息。请上传未加密、未损坏的文件。",
        ),
    ],
)
def test_docx_pdf_and_unreadable_attachments_are_refused(staff_client, name, content, message):
    response = staff_client.post(
        ADD_PUBLICATION, publication_data(make_column(), [(name, content)])
    )
    assert response.status_code == 200
    assert inline_errors(response) == [message]
    assert not Publication.objects.exists()


def test_clean_attachments_save_and_old_ones_are_not_read_again(staff_client):
    column = make_column()
    clean = files.xlsx({"Sheet1": [["姓名", "电话"], ["张*明", "138****5678"]]})
    response = staff_client.post(ADD_PUBLICATION, publication_data(column, [("名单.xlsx", clean)]))
    assert response.status_code == 302
    publication = Publication.objects.get()
    attachment = publication.attachments.get()
    assert attachment.kind == "xlsx"
    # Editing the text later leaves the stored attachment alone (it was checked on upload):
    # with its file gone from storage, a second read would refuse the save.
    attachment.file.storage.delete(attachment.file.name)
    url = reverse("admin:publications_publication_change", args=[publication.pk])
    data = publication_data(column, initial=1, body="补充说明。", version=form_version(publication))
    data.update(
        {
            "attachments-0-id": str(attachment.pk),
            "attachments-0-publication": str(publication.pk),
            "attachments-0-title": attachment.title,
            "attachments-0-order": "0",
        }
    )
    response = staff_client.post(url, data)
    assert response.status_code == 302, inline_errors(response)
    publication.refresh_from_db()
    assert publication.body == "补充说明。"


def test_partly_checked_attachment_saves_with_a_warning(staff_client, settings):
    settings.PRIVACY_SCAN_MAX_PAGES = 1
    data = publication_data(make_column(), [("年鉴.pdf", files.pdf([["one"], ["two"]]))])
    response = staff_client.post(ADD_PUBLICATION, data, follow=True)
    assert Publication.objects.count() == 1
    assert "提醒：附件“年鉴.pdf”：文档共 2 页，只检查了前 1 页" in page(response)
