"""Who changed what when: admin edits, review steps, imports and column tables leave records."""

import io

import pytest
from django.urls import reverse

from catalogue.importing import import_catalogue
from catalogue.models import DisclosureItem
from columns.models import Column
from columns.table import apply_rows
from history.records import IMPORT_REASON
from review import workflow
from tests.catalogue.import_support import records, workbook
from tests.catalogue.test_admin import item_form_data
from tests.factories import make_channels, make_item

pytestmark = pytest.mark.django_db


def test_an_admin_edit_of_a_draft_is_one_record_with_the_user_and_the_links(
    staff_client, staff_user, domain
):
    draft = make_item(domain=domain, status=DisclosureItem.Status.DRAFT)
    draft = DisclosureItem.objects.get(pk=draft.pk)
    before = draft.history.count()
    channels = make_channels()
    data = item_form_data(
        domain,
        [channels["政府网站"], channels["政务服务中心"]],
        level1=draft.level1,
        level2=draft.level2,
        deadline="5个工作日内",
        version=draft.updated_at.isoformat(),
    )
    url = reverse("admin:catalogue_disclosureitem_change", args=[draft.pk])
    assert staff_client.post(url, data).status_code == 302

    # The row and its links saved by the form make one version, not three.
    assert draft.history.count() == before + 1
    latest = draft.history.latest()
    assert latest.history_user == staff_user
    assert latest.history_type == "~"
    assert latest.deadline == "5个工作日内"
    linked = set(latest.channels.values_list("channel__name", flat=True))
    assert linked == {"政府网站", "政务服务中心"}


def test_the_admin_history_page_shows_a_chinese_diff(staff_client, domain):
    draft = make_item(domain=domain, status=DisclosureItem.Status.DRAFT, deadline="10个工作日内")
    draft = DisclosureItem.objects.get(pk=draft.pk)
    draft.deadline = "5个工作日内"
    draft.mode_on_request = True
    draft.save()
    url = reverse("admin:catalogue_disclosureitem_history", args=[draft.pk])
    page = staff_client.get(url).content.decode()
    assert "变更记录" in page
    assert "<strong>公开时限：</strong>10个工作日内 → 5个工作日内" in page
    assert "<strong>公开方式：</strong>否 → 是" in page
    assert "更新时间" not in page  # the timestamps are not "what changed"
    assert "以此版本为修订稿" in page


def test_review_steps_record_who_took_them_without_a_request(people, domain):
    draft = make_item(domain=domain, status=DisclosureItem.Status.DRAFT)
    draft = DisclosureItem.objects.get(pk=draft.pk)
    workflow.submit(people.clerk, draft)
    workflow.check(people.head, draft)
    workflow.approve(people.leader, draft)
    workflow.publish(people.admin, draft)
    steps = list(draft.history.order_by("history_date", "history_id"))[-4:]
    assert [(r.status, r.history_user, r.history_change_reason) for r in steps] == [
        ("submitted", people.clerk, "提交审核"),
        ("checked", people.head, "审核通过"),
        ("approved", people.leader, "批准"),
        ("published", people.admin, "发布"),
    ]


def test_an_import_records_each_new_and_changed_item_with_the_user(
    domain, staff_user, django_assert_max_num_queries
):
    import_catalogue(io.BytesIO(workbook(records(3))), domain, dry_run=False)
    edited = records(3)
    edited[0]["basis"] = "新依据"
    edited += records(1, start=4)
    import_catalogue(io.BytesIO(workbook(edited)), domain, dry_run=False, user=staff_user)

    latest = DisclosureItem.history.filter(history_user=staff_user)
    assert sorted(
        (record.level2, record.history_type, record.history_change_reason) for record in latest
    ) == [("事项001", "~", IMPORT_REASON), ("事项004", "+", IMPORT_REASON)]
    changed = latest.get(level2="事项001")
    assert changed.basis == "新依据"
    assert set(changed.channels.values_list("channel__name", flat=True)) == {
        "政府网站",
        "公开查阅点",
    }
    # The unchanged items keep the one record of their creation.
    assert DisclosureItem.history.filter(level2="事项002").count() == 1


@pytest.mark.parametrize("count", [10, 120])
def test_import_history_costs_the_same_queries_for_any_number_of_rows(
    domain, count, django_assert_max_num_queries
):
    import_catalogue(io.BytesIO(workbook(records(count))), domain, dry_run=False)
    edited = records(count)
    for rec in edited:
        rec["basis"] = "新依据"
    data = workbook(edited)
    with django_assert_max_num_queries(20) as captured:
        import_catalogue(io.BytesIO(data), domain, dry_run=False)
    history_inserts = [q for q in captured.captured_queries if "historical" in q["sql"].lower()]
    assert len(history_inserts) == 3  # records, channel links, column links
    assert DisclosureItem.history.filter(basis="新依据").count() == count


def test_a_column_table_import_records_its_changes():
    apply_rows([("1", "政务公开", "", "", "及时更新", "办公室")])
    apply_rows([("1", "政务公开", "", "", "每月更新", "办公室")])
    column = Column.objects.get(number=1)
    latest = column.history.latest()
    assert latest.history_change_reason == IMPORT_REASON
    assert latest.frequency == Column.Frequency.MONTHLY
    assert column.history.count() == 2


def test_column_and_publication_history_pages_show_their_diffs(staff_client):
    from publications.models import Publication
    from tests.factories import make_column, make_publication

    column = make_column(name="城乡低保")
    column = Column.objects.get(pk=column.pk)
    column.frequency = Column.Frequency.MONTHLY
    column.save()
    page = staff_client.get(
        reverse("admin:columns_column_history", args=[column.pk])
    ).content.decode()
    assert "<strong>更新频率：</strong>及时更新 → 每月更新" in page

    draft = make_publication(column, status=Publication.Status.DRAFT, title="旧标题")
    draft = Publication.objects.get(pk=draft.pk)
    draft.title = "新标题"
    draft.save()
    url = reverse("admin:publications_publication_history", args=[draft.pk])
    page = staff_client.get(url).content.decode()
    assert "<strong>名称：</strong>旧标题 → 新标题" in page
    first = draft.history.earliest()
    version = reverse("admin:publications_publication_simple_history", args=[draft.pk, first.pk])
    assert "旧标题" in staff_client.get(version).content.decode()


def test_linking_from_the_channel_side_records_the_item(domain):
    item = make_item(domain=domain)
    before = DisclosureItem.history.filter(id=item.pk).count()
    make_channels()["政务服务中心"].items.add(item)
    assert DisclosureItem.history.filter(id=item.pk).count() == before + 1
    latest = DisclosureItem.history.filter(id=item.pk).latest()
    assert "政务服务中心" in set(latest.channels.values_list("channel__name", flat=True))
