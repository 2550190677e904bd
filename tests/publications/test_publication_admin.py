"""The clerks' admin for publications: lists, the form, attachment refusals, actions, counters."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from publications.models import Attachment, IndexSequence, Publication
from review import workflow
from tests.admin_pages import form_version
from tests.factories import make_column, make_publication
from tests.publications import files

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:publications_publication_add")
CHANGELIST_URL = reverse("admin:publications_publication_changelist")


def management(total=0, initial=0):
    return {
        "attachments-TOTAL_FORMS": str(total),
        "attachments-INITIAL_FORMS": str(initial),
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
    }


def form_data(column, uploads=(), **overrides):
    """The add form as the browser posts it, with one inline row per (name, bytes) upload."""
    data = {
        "title": "关于2026年城乡低保标准的通知",
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
        "body": "现将有关事项通知如下。",
        **management(total=len(uploads)),
    }
    for n, (name, content) in enumerate(uploads):
        data[f"attachments-{n}-title"] = ""
        data[f"attachments-{n}-order"] = str(n)
        data[f"attachments-{n}-file"] = SimpleUploadedFile(name, content)
    data.update(overrides)
    return data


@pytest.fixture
def column():
    return make_column(name="政策文件", number=73)


def inline_errors(response):
    """The error messages shown inside the attachment rows."""
    formset = response.context["inline_admin_formsets"][0].formset
    return [message for form in formset.forms for message in form.errors.get("file", [])]


def test_changelist_shows_columns_filters_and_demo_marker(staff_client, column):
    make_publication(column=column, title="真实的通知", document_number="示民〔2026〕3号")
    make_publication(column=make_column(name="低保名单"), title="演示的通知", is_demo=True)
    response = staff_client.get(CHANGELIST_URL)
    assert response.status_code == 200
    page = response.content.decode()
    for header in ["名称", "所属栏目", "发布日期", "索引号", "状态", "有效性", "演示数据"]:
        assert header in page
    assert "<strong>演示数据</strong>" in page
    assert page.count("<strong>演示数据</strong>") == 1
    for parameter in ["status__exact", "validity__exact", "topic__exact", "is_demo__exact"]:
        assert parameter in page
    assert "column__id__exact" in page
    assert "published_on__year" in page  # date hierarchy


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", "城乡低保"), ("document_number", "〔2026〕7号"), ("body", "唯一正文词")],
)
def test_changelist_search(staff_client, column, field, value):
    wanted = make_publication(column=column, **{field: f"关于{value}的通知"})
    other = make_publication(column=column, title="另一条", body="无关")
    page = staff_client.get(CHANGELIST_URL, {"q": value}).content.decode()
    assert reverse("admin:publications_publication_change", args=[wanted.pk]) in page
    assert reverse("admin:publications_publication_change", args=[other.pk]) not in page


def test_changelist_search_by_index_number(staff_client, column):
    wanted = make_publication(column=column)
    make_publication(column=column)
    response = staff_client.get(CHANGELIST_URL, {"q": wanted.index_number})
    assert response.context["cl"].result_count == 1


def test_column_and_successor_use_autocomplete(staff_client, column):
    page = staff_client.get(ADD_URL).content.decode()
    assert re.search(r'<select name="column"[^>]*class="[^"]*admin-autocomplete', page)
    assert re.search(r'<select name="superseded_by"[^>]*class="[^"]*admin-autocomplete', page)
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "publications",
            "model_name": "publication",
            "field_name": "column",
            "term": "政策",
        },
    )
    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == ["73 政策文件"]


def test_form_groups_the_metadata_and_shows_the_model_help(staff_client, column):
    page = staff_client.get(ADD_URL).content.decode()
    assert "信息索引" in page
    assert "首次发布时自动生成，不可修改，也不会重复使用。" in page
    assert "不支持 HTML 代码" in page
    assert '<input type="text" name="index_number"' not in page  # read-only


def test_saving_never_publishes_the_review_does_and_allocates_the_index_number(
    staff_client, staff_user, column
):
    # The status is not a form field (先审后发): a posted "published" saves a draft.
    response = staff_client.post(ADD_URL, form_data(column, status="published"), follow=True)
    assert response.status_code == 200
    publication = Publication.objects.get()
    assert not publication.is_published
    assert publication.index_number == ""
    for step in (workflow.submit, workflow.check, workflow.approve, workflow.publish):
        step(staff_user, publication)
    assert publication.is_published
    assert re.fullmatch(r"\w+/202603-00001", publication.index_number)
    assert publication.issuer  # the bureau's name when left blank
    change = staff_client.get(
        reverse("admin:publications_publication_change", args=[publication.pk])
    )
    assert publication.index_number in change.content.decode()


def test_saving_a_draft_allocates_nothing(staff_client, column):
    staff_client.post(ADD_URL, form_data(column))
    assert Publication.objects.get().index_number == ""
    assert not IndexSequence.objects.exists()


def test_invalid_form_keeps_what_was_typed(staff_client, column):
    data = form_data(
        column,
        title="我输入的标题",
        body="我输入的正文",
        validity="superseded",  # without a successor
        written_on="2026-03-09",  # after the published date
    )
    response = staff_client.post(ADD_URL, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "有效性为“已被替代”时，请选择替代它的文件。" in page
    assert "成文日期不能晚于发布日期。" in page
    assert 'value="我输入的标题"' in page
    assert "我输入的正文</textarea>" in page
    assert not Publication.objects.exists()


def test_real_files_of_every_kind_are_accepted(staff_client, column):
    uploads = [
        ("关于低保的通知.pdf", files.pdf()),
        ("低保名单.xlsx", files.xlsx()),
        ("申请表.docx", files.docx()),
        ("现场照片.png", files.png()),
        ("公示照片.jpg", files.jpeg()),
    ]
    response = staff_client.post(ADD_URL, form_data(column, uploads))
    assert response.status_code == 302, inline_errors(response)
    saved = list(Publication.objects.get().attachments.order_by("order"))
    assert [(a.kind, a.title, a.size) for a in saved] == [
        ("pdf", "关于低保的通知", len(files.pdf())),
        ("xlsx", "低保名单", len(files.xlsx())),
        ("docx", "申请表", len(files.docx())),
        ("png", "现场照片", len(files.png())),
        ("jpg", "公示照片", len(files.jpeg())),
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("通知.pdf", files.elf(), "附件“通知.pdf”不是允许的文件类型"),
        ("通知.pdf", files.windows_exe(), "附件“通知.pdf”不是允许的文件类型"),
        ("名单.docx", files.plain_zip(), "附件“名单.docx”不是允许的文件类型"),
        ("通知.docx", files.pdf(), "附件“通知.docx”的内容是PDF 文档，与扩展名“.docx”不符"),
        ("照片.png", files.jpeg(), "附件“照片.png”的内容是JPEG 图片，与扩展名“.png”不符"),
        ("空白.pdf", b"", "附件“空白.pdf”是空文件。"),
    ],
)
def test_bad_uploads_are_refused_in_their_row(staff_client, column, name, content, message):
    response = staff_client.post(ADD_URL, form_data(column, [(name, content)], title="我的标题"))
    assert response.status_code == 200
    errors = inline_errors(response)
    assert len(errors) == 1 and errors[0].startswith(message)
    page = response.content.decode()
    assert message in page
    assert 'value="我的标题"' in page
    assert not Publication.objects.exists()
    assert not Attachment.objects.exists()


def test_a_file_over_the_limit_is_refused(staff_client, column, settings):
    settings.PORTAL_ATTACHMENT_MAX_BYTES = 200
    content = files.pdf()
    assert len(content) > 200
    response = staff_client.post(ADD_URL, form_data(column, [("通知.pdf", content)]))
    assert response.status_code == 200
    (error,) = inline_errors(response)
    assert error.startswith("附件“通知.pdf”大小为") and "超过上限 200" in error
    assert not Attachment.objects.exists()


def test_change_page_shows_kind_and_size_read_only_and_links_the_download(staff_client, column):
    publication = make_publication(column=column)
    attachment = Attachment.objects.create(
        publication=publication, title="名单", file=ContentFile(files.xlsx(), name="名单.xlsx")
    )
    page = staff_client.get(
        reverse("admin:publications_publication_change", args=[publication.pk])
    ).content.decode()
    assert "Excel 表格" in page
    assert f"{attachment.size / 1024:.1f} KB" in page
    assert f'href="{attachment.get_absolute_url()}"' in page
    assert 'name="attachments-0-kind"' not in page and 'name="attachments-0-size"' not in page


def test_submit_action_submits_drafts_and_names_those_it_cannot(staff_client, column):
    good = make_publication(column=column, status="draft", published_on=None)
    bad = make_publication(column=column, status="draft", title="缺替代文件", validity="superseded")
    already = make_publication(column=column)
    number = already.index_number
    response = staff_client.post(
        CHANGELIST_URL,
        {"action": "submit_selected", "_selected_action": [good.pk, bad.pk, already.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "已提交审核 1 个。" in page
    assert "“缺替代文件”不能提交审核：有效性为“已被替代”时，请选择替代它的文件。" in page
    good.refresh_from_db()
    bad.refresh_from_db()
    already.refresh_from_db()
    assert good.status == "submitted" and good.index_number == ""
    assert bad.status == "draft" and bad.index_number == ""
    assert already.is_published and already.index_number == number


def clerk_with(django_user_model, *codenames):
    clerk = django_user_model.objects.create_user("clerk-p", password="x", is_staff=True)
    # Not bound to an office (per-office rights: tests/offices).
    codenames = (*codenames, "manage_all_offices")
    clerk.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return clerk


def test_delete_demo_data_removes_only_demo_rows_and_their_files(
    staff_client, column, django_capture_on_commit_callbacks
):
    real = make_publication(column=column, title="真实信息")
    demo = make_publication(column=column, title="演示信息", is_demo=True)
    demo_file = Attachment.objects.create(
        publication=demo, file=ContentFile(files.pdf(), name="演示.pdf")
    )
    real_file = Attachment.objects.create(
        publication=real, file=ContentFile(files.pdf(), name="真实.pdf")
    )
    storage = demo_file.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            CHANGELIST_URL,
            {"action": "delete_demo_data", "_selected_action": [real.pk, demo.pk]},
            follow=True,
        )
    page = response.content.decode()
    assert "已删除 1 条演示数据及其附件。" in page
    assert "所选的另外 1 条不是演示数据，未删除。" in page
    assert list(Publication.objects.values_list("title", flat=True)) == ["真实信息"]
    assert list(Attachment.objects.all()) == [real_file]
    assert not storage.exists(demo_file.file.name)
    assert storage.exists(real_file.file.name)


def test_delete_demo_data_needs_delete_permission(client, column, django_user_model):
    demo = make_publication(column=column, is_demo=True)
    client.force_login(
        clerk_with(
            django_user_model, "view_publication", "change_publication", "submit_publication"
        )
    )
    page = client.get(CHANGELIST_URL).content.decode()
    assert 'value="submit_selected"' in page
    assert 'value="delete_demo_data"' not in page
    client.post(CHANGELIST_URL, {"action": "delete_demo_data", "_selected_action": [demo.pk]})
    assert Publication.objects.filter(pk=demo.pk).exists()


def test_submit_action_needs_the_submit_permission(client, column, django_user_model):
    draft = make_publication(column=column, status="draft")
    client.force_login(clerk_with(django_user_model, "view_publication", "change_publication"))
    client.post(CHANGELIST_URL, {"action": "submit_selected", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_index_counters_are_view_only(staff_client, column):
    make_publication(column=column)
    sequence = IndexSequence.objects.get()
    listing = staff_client.get(reverse("admin:publications_indexsequence_changelist"))
    assert listing.status_code == 200
    assert sequence.period in listing.content.decode()
    assert staff_client.get(reverse("admin:publications_indexsequence_add")).status_code == 403
    change_url = reverse("admin:publications_indexsequence_change", args=[sequence.pk])
    assert staff_client.get(change_url).status_code == 200  # a view page, no save button
    staff_client.post(change_url, {"period": sequence.period, "last": 0})
    sequence.refresh_from_db()
    assert sequence.last == 1


def test_resaving_keeps_stored_attachments(staff_client, column):
    publication = make_publication(column=column, title="原标题", status="draft")
    attachment = Attachment.objects.create(
        publication=publication, title="名单", file=ContentFile(files.xlsx(), name="名单.xlsx")
    )
    data = form_data(
        column, title="新标题", version=form_version(publication), **management(total=1, initial=1)
    )
    data.update(
        {
            "attachments-0-id": str(attachment.pk),
            "attachments-0-publication": str(publication.pk),
            "attachments-0-title": "城乡低保名单",
            "attachments-0-order": "0",
        }
    )
    url = reverse("admin:publications_publication_change", args=[publication.pk])
    response = staff_client.post(url, data)
    assert response.status_code == 302
    attachment.refresh_from_db()
    assert (attachment.title, attachment.kind) == ("城乡低保名单", "xlsx")
    assert attachment.size == len(files.xlsx())
    publication.refresh_from_db()
    assert publication.title == "新标题"


# --- the items a publication names ------------------------------------------------------


def item_choices(html):
    """The 对应事项 checkboxes as (item id, label, checked), in the form's order."""
    return [
        (int(value), label.strip(), "checked" in attributes)
        for value, attributes, label in re.findall(
            r'<input type="checkbox" name="items" value="(\d+)"([^>]*)>([^<]+)</label>', html
        )
    ]


def test_the_columns_items_are_suggested_first_and_the_only_one_ticked(staff_client, column):
    from tests.factories import make_item

    other = make_item(level1="养老服务通用政策", columns=[make_column()])
    own = make_item(level1="最低生活保障", level2="政策法规文件", columns=[column])

    html = staff_client.get(ADD_URL, {"column": column.pk}).content.decode()
    choices = item_choices(html)
    assert [pk for pk, _, _ in choices] == [own.pk, other.pk]
    assert choices[0] == (
        own.pk,
        f"{own.domain.name}：最低生活保障 / 政策法规文件（所属栏目的事项）",
        True,
    )
    assert choices[1][2] is False
    assert "所属栏目“" in html and "关联的事项：最低生活保障 / 政策法规文件。" in html


def test_the_items_chosen_are_saved_and_kept_in_one_history_record(staff_client, column):
    from tests.factories import make_item

    own = make_item(level1="最低生活保障", columns=[column])
    other = make_item(level1="临时救助", columns=[make_column()])
    response = staff_client.post(ADD_URL, form_data(column, items=[own.pk, other.pk]))
    assert response.status_code == 302
    publication = Publication.objects.get()
    assert set(publication.items.all()) == {own, other}
    [record] = publication.history.all()
    assert {link.disclosureitem_id for link in record.items.all()} == {own.pk, other.pk}

    change_url = reverse("admin:publications_publication_change", args=[publication.pk])
    data = form_data(column, items=[own.pk], version=form_version(publication))
    response = staff_client.post(change_url, data)
    assert response.status_code == 302
    assert list(publication.items.all()) == [own]
    latest, first = publication.history.all()[:2]
    assert [link.disclosureitem_id for link in latest.items.all()] == [own.pk]
    assert first.items.count() == 2
