"""
Policy interpretation: links both ways on pages, the feed and search, self-check rules, review
panel.
"""

import datetime
import re

import pytest
from django.urls import reverse

from offices.models import Office
from publications.interpretation import public_interpretations, public_policies, with_public_pairs
from publications.models import Publication
from selfcheck.rules import Rule, find_problems
from tests.factories import make_column, make_publication

d = datetime.date
MARCH_2 = d(2026, 3, 2)
QA = Publication.InterpretationForm.QA
DRAFT = Publication.Status.DRAFT
SUBMITTED = Publication.Status.SUBMITTED
pytestmark = pytest.mark.django_db


def problems_of(rule, today):
    return [p for p in find_problems(today=today) if p.rule == rule]


def make_pair(policy_on=MARCH_2, interpretation_on=MARCH_2, office=None, **kwargs):
    policy = make_publication(
        title="关于提高最低生活保障标准的通知", published_on=policy_on, needs_interpretation=True
    )
    office = office or Office.objects.get_or_create(name="社会救助科")[0]
    interpretation = make_publication(
        title="图解：最低生活保障标准提高了",
        published_on=interpretation_on,
        interpretation_form=QA,
        drafting_office=office,
        **kwargs,
    )
    interpretation.interprets.set([policy])
    return policy, interpretation


def test_policy_and_interpretation_link_each_other_on_their_pages(client):
    policy, interpretation = make_pair()
    page = client.get(policy.get_absolute_url()).content.decode()
    assert "政策解读" in page and interpretation.get_absolute_url() in page
    page = client.get(interpretation.get_absolute_url()).content.decode()
    assert "解读的政策" in page and policy.get_absolute_url() in page
    assert "简明问答" in page and "社会救助科" in page


def test_an_unpublished_interpretation_is_not_linked_from_the_public_policy(client):
    policy, _ = make_pair(interpretation_on=None, status=DRAFT)
    page = client.get(policy.get_absolute_url()).content.decode()
    assert "图解：最低生活保障标准提高了" not in page


def test_the_feed_names_both_directions(client):
    make_pair()
    feed = client.get(reverse("changes-feed")).content.decode()
    assert "解读：《关于提高最低生活保障标准的通知》" in feed
    assert "政策解读：《图解：最低生活保障标准提高了》" in feed


def test_the_feed_runs_the_same_queries_for_more_pairs(client, django_assert_max_num_queries):
    make_pair()
    with django_assert_max_num_queries(8) as one:
        client.get(reverse("changes-feed"))
    for _ in range(5):
        make_pair()
    with django_assert_max_num_queries(len(one)):
        client.get(reverse("changes-feed"))


def test_the_feed_names_no_unpublished_half_of_a_pair(client):
    make_pair(interpretation_on=None, status=SUBMITTED)
    feed = client.get(reverse("changes-feed")).content.decode()
    assert "关于提高最低生活保障标准的通知" in feed
    assert "图解：最低生活保障标准提高了" not in feed


# Both directions in search


def search_documents(client, query):
    response = client.get(reverse("catalogue:search"), {"q": query, "scope": "publications"})
    assert response.status_code == 200
    return response.content.decode()


def result_html(html, publication):
    match = re.search(
        rf'data-publication-id="{publication.pk}">(.*?)</li>\s*(?:<li class="result|</ol>)',
        html,
        re.S,
    )
    assert match, f"{publication} is not among the results"
    return match.group(1)


def test_search_links_a_policy_to_its_interpretation_and_back(client):
    policy, interpretation = make_pair()
    html = search_documents(client, "最低生活保障")
    assert (
        '<p class="pair-links"><span class="label">政策解读：</span>'
        f'<a href="{interpretation.get_absolute_url()}">图解：最低生活保障标准提高了</a></p>'
        in result_html(html, policy)
    )
    assert (
        '<p class="pair-links"><span class="label">解读的政策：</span>'
        f'<a href="{policy.get_absolute_url()}">关于提高最低生活保障标准的通知</a></p>'
        in result_html(html, interpretation)
    )
    assert "政策解读：" not in result_html(html, interpretation)
    assert "解读的政策：" not in result_html(html, policy)


@pytest.mark.parametrize("status", [DRAFT, SUBMITTED, "checked", "approved"])
def test_search_never_links_an_unpublished_half(client, status):
    policy, _ = make_pair(interpretation_on=None, status=status)
    html = search_documents(client, "最低生活保障")
    assert "图解：最低生活保障标准提高了" not in html
    assert "政策解读：" not in result_html(html, policy)

    interpretation = make_publication(title="解读：低保新标准问答", interpretation_form=QA)
    draft_policy = make_publication(title="低保草案", status=status)
    interpretation.interprets.set([draft_policy])
    html = search_documents(client, "低保")
    assert "解读的政策：" not in result_html(html, interpretation)
    assert "低保草案" not in html


def test_a_policy_lists_each_published_interpretation_newest_first(client):
    policy, first = make_pair(interpretation_on=d(2026, 3, 2))
    second = make_publication(
        title="简明问答：最低生活保障标准", published_on=d(2026, 3, 5), interpretation_form=QA
    )
    second.interprets.set([policy])
    result = result_html(search_documents(client, "提高最低生活保障标准的通知"), policy)
    assert result.index(second.title) < result.index(first.title)
    assert "、" in result  # one line, the titles separated


def test_the_prefetch_gives_what_the_pages_link():
    """with_public_pairs and public_interpretations / public_policies agree, drafts left out."""
    policy, interpretation = make_pair()
    later = make_publication(title="后来的解读", published_on=d(2026, 3, 9), interpretation_form=QA)
    draft = make_publication(title="草稿解读", status=DRAFT, interpretation_form=QA)
    for other in (later, draft):
        other.interprets.set([policy])
    other_policy = make_publication(title="另一项政策", published_on=d(2026, 2, 1))
    interpretation.interprets.add(other_policy)
    for publication in with_public_pairs(Publication.objects.published()):
        assert publication.public_interpretation_list == list(public_interpretations(publication))
        assert publication.public_policy_list == list(public_policies(publication))
    fetched = with_public_pairs(Publication.objects.filter(pk=policy.pk)).get()
    assert fetched.public_interpretation_list == [later, interpretation]


def test_search_runs_the_same_queries_for_2_and_25_pairs(client, django_assert_max_num_queries):
    for _ in range(2):
        make_pair()
    with django_assert_max_num_queries(11) as two:  # with the unit
        html = search_documents(client, "最低生活保障")
    assert html.count("政策解读：") == 2 and html.count("解读的政策：") == 2
    for _ in range(23):
        make_pair()
    with django_assert_max_num_queries(len(two)):
        html = search_documents(client, "最低生活保障")
    assert "<strong>50</strong> 条政府信息" in html
    # A page of 20 results, each with its other half linked.
    assert html.count('class="result result-publication"') == 20
    assert html.count("政策解读：") + html.count("解读的政策：") == 20


def test_a_submitted_policy_needing_interpretation_without_one_is_a_problem():
    policy = make_publication(title="待解读政策", status=SUBMITTED, needs_interpretation=True)
    problems = problems_of(Rule.INTERPRETATION_MISSING, d(2026, 3, 16))
    assert [p.subject for p in problems] == ["待解读政策"]
    assert "需要解读" in problems[0].detail
    assert problems[0].fix_url == reverse("admin:publications_publication_change", args=[policy.pk])


def test_a_draft_policy_or_one_with_an_interpretation_is_not():
    make_publication(title="草稿政策", status=DRAFT, needs_interpretation=True)
    make_pair()
    make_publication(title="无需解读", status=SUBMITTED)
    assert problems_of(Rule.INTERPRETATION_MISSING, d(2026, 3, 16)) == []


def test_an_interpretation_published_the_same_day_is_on_time():
    make_pair(policy_on=d(2026, 3, 2), interpretation_on=d(2026, 3, 2))
    assert problems_of(Rule.INTERPRETATION_LATE, d(2026, 3, 16)) == []


def test_an_interpretation_published_later_is_late_in_working_days():
    # Published Friday 2026-04-03, interpretation on Wednesday 2026-04-08: 4-6 April is 清明.
    make_pair(policy_on=d(2026, 4, 3), interpretation_on=d(2026, 4, 8))
    (problem,) = problems_of(Rule.INTERPRETATION_LATE, d(2026, 4, 20))
    assert "晚 2 个工作日" in problem.detail
    assert problem.office == "社会救助科"


def test_the_limit_is_a_setting(settings):
    settings.PORTAL_INTERPRETATION_WORKING_DAYS = 3
    make_pair(policy_on=d(2026, 4, 3), interpretation_on=d(2026, 4, 8))
    assert problems_of(Rule.INTERPRETATION_LATE, d(2026, 4, 20)) == []


def test_an_interpretation_still_waiting_past_the_limit_is_late():
    make_pair(interpretation_on=None, status=DRAFT)
    assert problems_of(Rule.INTERPRETATION_LATE, d(2026, 3, 2)) == []
    (problem,) = problems_of(Rule.INTERPRETATION_LATE, d(2026, 3, 3))
    assert "至今仍为“草稿”" in problem.detail


def test_a_year_without_holiday_data_is_estimated_not_an_error():
    make_pair(policy_on=d(2040, 3, 2), interpretation_on=d(2040, 3, 5))
    (problem,) = problems_of(Rule.INTERPRETATION_LATE, d(2040, 3, 20))
    assert "预估" in problem.detail


def test_the_review_panel_shows_the_pair(staff_client):
    policy, interpretation = make_pair(interpretation_on=None, status=DRAFT)
    page = staff_client.get(
        reverse("admin:publications_publication_change", args=[policy.pk])
    ).content.decode()
    assert "同步审核、同步发布的内容" in page
    assert reverse("admin:publications_publication_change", args=[interpretation.pk]) in page
    page = staff_client.get(
        reverse("admin:publications_publication_change", args=[interpretation.pk])
    ).content.decode()
    assert "解读的政策" in page and "关于提高最低生活保障标准的通知" in page


def test_the_admin_form_asks_for_the_form_with_the_policies(staff_client):
    policy = make_publication(title="政策")
    column = make_column()
    response = staff_client.post(
        reverse("admin:publications_publication_add"),
        {
            "title": "解读",
            "column": column.pk,
            "topic": "general",
            "validity": "valid",
            "mode": "proactive",
            "interprets": [policy.pk],
            "interpretation_form": "",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "选择了解读的政策，请同时选择解读形式。" in response.content.decode()
    assert not Publication.objects.filter(title="解读").exists()
