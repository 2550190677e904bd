"""
先审后发 for a published annual report: an edit is a revision of the report, reviewed as items
and publications are (review.workflow); the public page and the Word file keep the published
text until the revision is approved and published.
"""

import io

import docx
import pytest
from django.test import Client
from django.urls import reverse

from annualreport import publishing
from annualreport.models import AnnualReport
from publications.models import Publication
from review import workflow
from review.models import Revision
from tests.admin_pages import page_text
from tests.annualreport.test_pages import filed as filed_report
from tests.versions.test_lost_updates import change_url, opened_form

pytestmark = pytest.mark.django_db

PUBLISHED_TEXT = "本年度已发布的总体情况。"
NEW_TEXT = "修改后的总体情况，待审核。"


def filed(year, status=Publication.Status.PUBLISHED, **values):
    report = filed_report(year, status=status)
    AnnualReport.objects.filter(pk=report.pk).update(**values)
    report.refresh_from_db()
    return report


def public_page():
    return Client().get("/annual-reports/2025/").content.decode()


def public_word():
    response = Client().get("/annual-reports/2025/report.docx")
    assert response.status_code == 200
    return docx_text(response.content)


def docx_text(data):
    document = docx.Document(io.BytesIO(data))
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def attached_word(report):
    report.publication.refresh_from_db()
    attachment = report.publication.attachments.get(title=publishing.word_file_name(report))
    with attachment.file.open("rb") as fh:
        return docx_text(fh.read())


@pytest.fixture
def report():
    report = filed(2025, overview=PUBLISHED_TEXT)
    publishing.refresh_word_file(report)  # the Word file as filed
    assert report.status == AnnualReport.Status.PUBLISHED and report.is_published
    return report


def edit_in_admin(client, user, report, **values):
    client.force_login(user)
    response = client.post(change_url(report), {**opened_form(client, report), **values})
    assert response.status_code == 302, page_text(response)[:2000]
    return response


def test_editing_a_published_report_makes_a_revision_and_the_public_keeps_the_text(
    client, people, report
):
    edit_in_admin(client, people.head, report, overview=NEW_TEXT)

    report.refresh_from_db()
    assert report.overview == PUBLISHED_TEXT
    assert PUBLISHED_TEXT in public_page() and NEW_TEXT not in public_page()
    assert PUBLISHED_TEXT in public_word() and NEW_TEXT not in public_word()
    assert NEW_TEXT not in attached_word(report)
    revision = Revision.objects.for_object(report).open().get()
    assert revision.data["overview"] == NEW_TEXT
    # The change waits in the head's to-do, as a report's revision.
    todo = page_text(client.get(reverse("review:todo")))
    assert "政府信息公开工作年度报告" in todo and "修改稿" in todo
    # The change page says so and shows the proposed text beside the published one.
    page = page_text(client.get(change_url(report)))
    assert "已发布（修改稿草稿）" in page and NEW_TEXT in page


def test_the_revision_goes_live_only_when_approved_and_published(client, people, report):
    edit_in_admin(client, people.head, report, overview=NEW_TEXT)
    review = reverse("admin:annualreport_annualreport_review", args=[report.pk])
    for user, action in [
        (people.head, "submit"),
        (people.head, "check"),
        (people.leader, "approve"),
    ]:
        client.force_login(user)
        client.post(review, {"action": action})
        assert NEW_TEXT not in public_page() and NEW_TEXT not in public_word()
    assert Revision.objects.for_object(report).get().state == Revision.State.APPROVED

    client.force_login(people.head)
    client.post(review, {"action": "publish"})

    report.refresh_from_db()
    assert report.overview == NEW_TEXT
    assert NEW_TEXT in public_page() and PUBLISHED_TEXT not in public_page()
    assert NEW_TEXT in public_word()
    assert NEW_TEXT in attached_word(report)  # the publication's Word file follows the review


def test_a_clerk_without_the_review_rights_cannot_publish_the_revision(client, people, report):
    edit_in_admin(client, people.head, report, overview=NEW_TEXT)
    revision = Revision.objects.for_object(report).get()
    with pytest.raises(workflow.ReviewRefused):
        workflow.submit(people.clerk, report)
    assert Revision.objects.get(pk=revision.pk).state == Revision.State.DRAFT


def test_a_new_draft_from_the_data_of_a_published_report_is_a_revision(client, people, report):
    report.table_three_source = "已发布时的统计"
    AnnualReport.objects.filter(pk=report.pk).update(table_three_source="已发布时的统计")
    client.force_login(people.head)
    client.post(reverse("admin:annualreport_annualreport_draft", args=[report.pk]))

    report.refresh_from_db()
    assert report.table_three_source == "已发布时的统计"
    revision = Revision.objects.for_object(report).open().get()
    assert revision.data["table_three_source"].startswith("依申请公开登记台账统计")


def test_a_draft_report_is_edited_at_once_and_reviewed_as_its_publication(client, people):
    report = filed(2025, status=Publication.Status.DRAFT, overview=PUBLISHED_TEXT)
    assert report.status == AnnualReport.Status.DRAFT
    edit_in_admin(client, people.head, report, overview=NEW_TEXT)
    report.refresh_from_db()
    assert report.overview == NEW_TEXT
    assert not Revision.objects.for_object(report).exists()
    # Its own panel takes no step: the publication carrying it is what is reviewed.
    review = reverse("admin:annualreport_annualreport_review", args=[report.pk])
    response = client.post(review, {"action": "submit"}, follow=True)
    assert "随“公开年报”栏目信息一并审核" in page_text(response)
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.DRAFT


def test_the_report_follows_its_publication_published_and_withdrawn(people, report):
    publication = report.publication
    workflow.save_revision(people.head, report, {"overview": NEW_TEXT})
    workflow.withdraw(people.head, publication)
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.DRAFT and not report.is_published
    assert not Revision.objects.for_object(report).open().exists()
    for action in ("submit", "check", "approve", "publish"):
        workflow.act(people.admin, publication, action)
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.PUBLISHED and report.is_published
