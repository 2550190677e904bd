"""Per-office rights in the admin, the step form, letters, the to-do list's query count."""

import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from docx import Document

from inforequests.clock import StepKind
from inforequests.models import InfoRequest
from review.roles import CLERK, HEAD
from tests.factories import make_office
from tests.inforequests.helpers import D, make_request
from units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def offices():
    return make_office(name="社会救助股"), make_office(name="养老服务股")


def member(django_user_model, name, group, office=None):
    user = django_user_model.objects.create_user(name, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    if office is not None:
        office.members.add(user)
    else:  # a head of the disclosure office works for the unit, in no office
        Unit.objects.home().members.add(user)
    return user


def url(name, *args):
    return reverse(f"admin:inforequests_inforequest_{name}", args=args)


def test_a_clerk_sees_and_acts_on_their_offices_cases_only(client, django_user_model, offices):
    mine, theirs = offices
    clerk = member(django_user_model, "clerk-a", CLERK, mine)
    own = make_request(office=mine, description="本科室的申请")
    other = make_request(office=theirs, description="别的科室的申请")
    client.force_login(clerk)

    listing = client.get(url("changelist")).content.decode()
    assert own.query_code in listing and other.query_code not in listing
    assert client.get(url("change", own.pk)).status_code == 200
    for name in ("change", "step", "receipt"):
        assert client.get(url(name, other.pk)).status_code in (302, 403, 404), name
    assert client.post(
        url("step", other.pk), {"kind": "answered", "on": "2026-10-09", "outcome": "public"}
    ).status_code in (403, 404)
    assert not other.steps.exists()
    todo = client.get(url("todo")).content.decode()
    assert own.query_code in todo and other.query_code not in todo
    export = client.post(
        url("changelist"),
        {"action": "export_selected", "_selected_action": [own.pk, other.pk]},
    )
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(export.content)).active
    codes = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert codes == [own.query_code]


def test_only_the_head_assigns(client, django_user_model, offices):
    mine, theirs = offices
    clerk = member(django_user_model, "clerk-b", CLERK, mine)
    head = member(django_user_model, "head", HEAD)
    case = make_request(office=mine)
    client.force_login(clerk)
    page = client.get(url("change", case.pk)).content.decode()
    assert 'name="office"' not in page
    client.force_login(head)
    page = client.get(url("change", case.pk)).content.decode()
    assert 'name="office"' in page
    assert make_request(office=theirs).query_code in client.get(url("changelist")).content.decode()


def test_step_form_records_and_letter_downloads(client, django_user_model, offices):
    mine, _ = offices
    clerk = member(django_user_model, "clerk-c", CLERK, mine)
    case = make_request(office=mine, received_on=D(2026, 11, 2))
    client.force_login(clerk)
    refused = client.post(
        url("step", case.pk), {"kind": "correction_requested", "on": "2026-11-03"}
    )
    assert "请写明需要补正的事项" in refused.content.decode()
    done = client.post(
        url("step", case.pk),
        {
            "kind": "correction_requested",
            "on": "2026-11-03",
            "due_on": "2026-11-20",
            "note": "请写明文号",
        },
    )
    assert done.status_code == 302
    step = case.steps.get()
    assert step.kind == StepKind.CORRECTION_REQUESTED and step.created_by == clerk
    letter = client.get(url("letter", case.pk, step.pk))
    text = "\n".join(
        p.text for p in Document(io.BytesIO(b"".join(letter.streaming_content))).paragraphs
    )
    assert "补正告知书" in text
    receipt = client.get(url("receipt", case.pk))
    assert case.query_code in "\n".join(
        p.text for p in Document(io.BytesIO(receipt.content)).paragraphs
    )


def test_todo_queries_do_not_grow_with_cases(
    client, django_user_model, offices, django_assert_max_num_queries
):
    mine, theirs = offices
    head = member(django_user_model, "head-q", HEAD)
    client.force_login(head)
    for n in range(3):
        make_request(office=mine if n % 2 else theirs, received_on=D(2026, 11, 2))
    with django_assert_max_num_queries(12) as few:
        client.get(url("todo"))
    for n in range(30):
        make_request(office=mine if n % 2 else theirs, received_on=D(2026, 11, 2))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url("todo"))
    text = page.content.decode()
    assert all(case.query_code in text for case in InfoRequest.objects.all())


def test_registering_warns_of_a_possible_duplicate(client, django_user_model, offices):
    head = member(django_user_model, "head-d", HEAD)
    client.force_login(head)
    first = make_request(id_number="340802198001011234")
    data = {
        "applicant_type": "citizen",
        "name": "张三",
        "id_type": "resident_id",
        "id_number": "340802198001011234",
        "phone": "13800001111",
        "address": "人民路1号",
        "description": "同一件事",
        "form_wanted": "paper",
        "delivery": "post",
        "channel": "in_person",
        "received_on": "2026-11-02",
        "office": offices[0].pk,
        "released_files-TOTAL_FORMS": "0",
        "released_files-INITIAL_FORMS": "0",
    }
    response = client.post(url("add"), data, follow=True)
    assert "重复申请" in response.content.decode() and first.query_code in response.content.decode()
    assert InfoRequest.objects.count() == 2


def test_an_answer_goes_through_the_review_and_publishing_sends_it(
    client, django_user_model, offices
):
    from review.roles import LEADER

    mine, theirs = offices
    clerk = member(django_user_model, "clerk-e", CLERK, mine)
    outsider = member(django_user_model, "clerk-f", CLERK, theirs)
    head = member(django_user_model, "head-e", HEAD)
    leader = member(django_user_model, "leader-e", LEADER)
    case = make_request(office=mine, received_on=D(2026, 11, 2))
    client.force_login(outsider)
    page = client.get(reverse("admin:inforequests_answer_add")).content.decode()
    assert case.query_code not in page  # another office's case is not offered
    client.force_login(clerk)
    response = client.post(
        reverse("admin:inforequests_answer_add"),
        {"request": case.pk, "outcome": "public", "note": "已主动公开。"},
    )
    assert response.status_code == 302
    answer = case.answer.__class__.objects.get(request=case)
    review = reverse("admin:inforequests_answer_review", args=[answer.pk])
    for user, action in ((clerk, "submit"), (head, "check"), (leader, "approve")):
        client.force_login(user)
        client.post(review, {"action": action})
    assert not case.steps.exists()
    client.force_login(head)
    client.post(review, {"action": "publish"})
    step = case.steps.get()
    assert (step.kind, step.outcome, step.created_by) == (StepKind.ANSWERED, "public", head)
    client.post(review, {"action": "withdraw"}, follow=True)
    answer.refresh_from_db()
    assert answer.status == "published"


def test_the_list_gives_the_urgency_only_when_it_says_more_than_the_phase(
    client, django_user_model
):
    import datetime

    new = make_request(received_on=datetime.date.today(), description="新收的申请")
    late = make_request(
        received_on=datetime.date.today() - datetime.timedelta(days=60), description="逾期的申请"
    )
    client.force_login(django_user_model.objects.create_superuser("head-x", password="x"))
    listing = client.get(url("changelist")).content.decode()
    assert "办理中（办理中）" not in listing
    assert "办理中（已逾期）" in listing
    assert new.query_code in listing and late.query_code in listing


def test_a_finished_case_no_longer_shows_its_correction_deadlines(client, django_user_model):
    from inforequests.models import RequestStep
    from tests.inforequests.helpers import answer as send_answer
    from tests.inforequests.helpers import small_calendar

    case = make_request(phone="13800004444", received_on=D(2026, 9, 23))
    RequestStep.objects.create(
        request=case, kind=StepKind.CORRECTION_REQUESTED, on=D(2026, 9, 24), due_on=D(2026, 10, 9)
    )
    client.force_login(django_user_model.objects.create_superuser("head-c", password="x"))
    lookup = {"code": case.query_code, "digits": "4444"}
    assert "补正告知期限" in client.get(url("change", case.pk)).content.decode()
    assert (
        "（期限 2026年10月9日）"
        in client.post(reverse("inforequests:status"), lookup).content.decode()
    )
    RequestStep.objects.create(request=case, kind=StepKind.CORRECTION_RECEIVED, on=D(2026, 9, 28))
    send_answer(case, "public", "已主动公开。", on=D(2026, 10, 20), calendar=small_calendar())
    assert "补正告知期限" not in client.get(url("change", case.pk)).content.decode()
    status = client.post(reverse("inforequests:status"), lookup).content.decode()
    assert "已答复" in status and "期限" not in status


def test_an_answer_saying_see_the_enclosure_needs_a_file(client, django_user_model, offices):
    """见附件 with nothing attached: a warning at save, refused at submit and at sending."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from inforequests import answers
    from inforequests.models import Answer, ReleasedFile
    from review.workflow import ReviewRefused
    from tests.inforequests.helpers import docx_bytes

    mine, _ = offices
    clerk = member(django_user_model, "clerk-g", CLERK, mine)
    case = make_request(office=mine, received_on=D(2026, 11, 2))
    client.force_login(clerk)
    response = client.post(
        reverse("admin:inforequests_answer_add"),
        {"request": case.pk, "outcome": "partial", "note": "可以公开的部分见附件。"},
        follow=True,
    )
    shown = [str(m) for m in response.context["messages"]]
    assert any("见附件" in m and "提供的信息文件" in m for m in shown)
    answer = Answer.objects.get(request=case)
    review = reverse("admin:inforequests_answer_review", args=[answer.pk])
    response = client.post(review, {"action": "submit"}, follow=True)
    assert any("不能提交审核" in str(m) for m in response.context["messages"])
    answer.refresh_from_db()
    assert answer.status == "draft"
    superuser = django_user_model.objects.create_superuser("boss-g", password="x")
    with pytest.raises(ReviewRefused, match="提供的信息文件"):
        answers.review_and_send(superuser, answer)
    assert not case.steps.exists()

    ReleasedFile.objects.create(
        request=case, name="可公开部分", file=SimpleUploadedFile("a.docx", docx_bytes(["名单"]))
    )
    client.post(review, {"action": "submit"})
    answer.refresh_from_db()
    assert answer.status == "submitted"
