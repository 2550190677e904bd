"""The guard: findings name the place and show only the masked number; one entry point."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from privacy import guard
from publications.models import Attachment
from tests.factories import make_item, make_publication
from tests.privacy import files

pytestmark = pytest.mark.django_db

NUMBER = files.resident_id()  # 34080219560312123X
MASKED = "340802********123X"


def messages(findings):
    return [finding.message for finding in findings]


def attach(publication, name, data, **kwargs):
    attachment = Attachment(publication=publication, **kwargs)
    attachment.file.save(name, ContentFile(data), save=False)
    attachment.save()
    return attachment


def test_scan_text_message_names_the_place_and_masks():
    assert messages(guard.scan_text("正文", f"申请人{NUMBER}，电话13812345678")) == [
        f"正文：发现身份证号 {MASKED}，请遮挡后再提交。",
        "正文：发现手机号 138****5678，请遮挡后再提交。",
    ]
    assert guard.scan_text("正文", "") == []
    # The same number twice at one place is one finding.
    assert len(guard.scan_text("正文", f"{NUMBER} {NUMBER}")) == 1


def test_scan_item_reads_every_text_field_by_its_verbose_name():
    item = make_item(
        content=f"公示对象：张三 {NUMBER}",
        basis="《社会救助暂行办法》",
        issuing_body="县民政局，联系人手机 139 1234 5678",
        other_channels="微信公众号",
    )
    assert messages(guard.scan_item(item)) == [
        f"公开内容（要素）：发现身份证号 {MASKED}，请遮挡后再提交。",
        "公开主体：发现手机号 139****5678，请遮挡后再提交。",
    ]


def test_clean_item_has_no_findings_and_check_returns_no_notes():
    item = make_item()
    assert guard.scan_item(item) == []
    assert guard.check_or_raise(item) == []


def test_scan_publication_fields_and_attachments():
    publication = make_publication(
        title="关于2026年第一批临时救助对象的公示",
        document_number="示民〔2026〕15号",
        body=f"经审核，拟对以下对象给予临时救助：\n\n张*明 {NUMBER}",
    )
    attach(
        publication,
        "名单.xlsx",
        files.xlsx(
            {"Sheet1": [["姓名", "电话"], ["张*明", "138****5678"], ["李四", "13812345678"]]}
        ),
    )
    attach(
        publication,
        "notice.docx",
        files.docx(files.paragraph("通知") + files.paragraph(f"卡号 {files.luhn_card()}")),
        title="通知正文",
    )
    attach(publication, "scan.pdf", files.pdf([["Applicant " + NUMBER]]))
    attach(publication, "locked.pdf", files.encrypted_pdf(files.pdf([["x"]])))
    card = files.luhn_card()
    assert messages(guard.scan_publication(publication)) == [
        f"正文：发现身份证号 {MASKED}，请遮挡后再提交。",
        "附件“名单.xlsx” 工作表“Sheet1”第3行第2列（B3）：发现手机号 138****5678，请遮挡后再提交。",
        f"附件“通知正文” 第2段：发现银行卡号 {card[:4]}********{card[-4:]}，请遮挡后再提交。",
        f"附件“scan.pdf” 第1页：发现身份证号 {MASKED}，请遮挡后再提交。",
        "附件“locked.pdf”：无法读取（文件设置了打开密码（已加密）），无法检查其中是否含有个人"
        "敏感信息。请上传未加密、未损坏的文件。",
    ]
    # The text fields alone, as the publication form checks them.
    assert len(guard.scan_publication(publication, attachments=False)) == 1


def test_scan_publication_reads_attachments_from_one_prefetch(django_assert_num_queries):
    publication = make_publication(body="")
    for n in range(3):
        attach(publication, f"表{n}.xlsx", files.xlsx({"S": [["13812345678"]]}))
    from publications.models import Publication

    loaded = Publication.objects.prefetch_related("attachments").get(pk=publication.pk)
    with django_assert_num_queries(0):
        assert len(guard.scan_publication(loaded)) == 3


def test_check_or_raise_raises_a_validation_error_with_the_messages():
    item = make_item(content=f"身份证号 {NUMBER}")
    with pytest.raises(guard.PrivacyError) as caught:
        guard.check_or_raise(item)
    assert isinstance(caught.value, ValidationError)
    assert caught.value.messages == [f"公开内容（要素）：发现身份证号 {MASKED}，请遮挡后再提交。"]
    assert [f.kind for f in caught.value.findings] == ["身份证号"]


def test_long_lists_are_summarized():
    rows = [[f"居民{n}", files.resident_id(sequence=f"{n:03d}")] for n in range(100, 130)]
    publication = make_publication(body="")
    attach(publication, "名单.xlsx", files.xlsx({"名单": rows}))
    with pytest.raises(guard.PrivacyError) as caught:
        guard.check_or_raise(publication)
    assert len(caught.value.findings) == 30
    assert len(caught.value.messages) == guard.MAX_MESSAGES + 1
    assert caught.value.messages[-1] == "另有 10 处，请一并检查处理。"


def test_partly_checked_files_give_notes_that_do_not_block(settings):
    settings.PRIVACY_SCAN_MAX_PAGES = 1
    publication = make_publication(body="")
    attach(publication, "long.pdf", files.pdf([["page one"], ["page two"]]))
    notes = guard.check_or_raise(publication)
    assert [note.message for note in notes] == [
        "附件“long.pdf”：文档共 2 页，只检查了前 1 页，其余页未检查，请人工核对。"
    ]


def test_an_unsaved_upload_is_read_before_it_is_stored():
    publication = make_publication(body="")
    upload = SimpleUploadedFile("名单.xlsx", files.xlsx({"Sheet1": [["电话", "13812345678"]]}))
    attachment = Attachment(publication=publication, file=upload)
    assert messages(guard.scan(attachment)) == [
        "附件“名单.xlsx” 工作表“Sheet1”第1行第2列（B1）：发现手机号 138****5678，请遮挡后再提交。"
    ]
    attachment.save()  # still readable: the scan left the upload where it was
    assert attachment.kind == "xlsx"
    assert attachment.file.size == upload.size


def test_scan_record_places_cells_and_record_keys():
    assert messages(guard.scan_record(["低保", None, NUMBER], sheet="社会救助", row=7)) == [
        f"工作表“社会救助”第7行第3列（C7）：发现身份证号 {MASKED}，请遮挡后再提交。"
    ]
    record = {"level1": "低保", "content": f"张三 {NUMBER}", "other_channels": ["13812345678"]}
    found = guard.scan_record(
        record, sheet="社会救助", row=5, labels={"content": "公开内容（要素）"}
    )
    assert [finding.place for finding in found] == [
        "工作表“社会救助”第5行“公开内容（要素）”列",
        "工作表“社会救助”第5行“other_channels”列",
    ]
