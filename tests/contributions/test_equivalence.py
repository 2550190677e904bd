"""
What the apps contribute to the site as a whole, pinned: the role table, the page-cached models,
the self-check's rules and the public menu are the same however they are assembled.
"""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import post_save

from review import roles
from selfcheck.rules import Rule

ROLE_TABLE = {
    "信息员": {
        *("catalogue.view_channel", "catalogue.view_disclosureitem", "catalogue.view_domain"),
        *("catalogue.add_disclosureitem", "catalogue.change_disclosureitem"),
        "catalogue.submit_disclosureitem",
        "columns.view_column",
        *("inforequests.add_answer", "inforequests.add_inforequest"),
        *("inforequests.add_releasedfile", "inforequests.change_answer"),
        *("inforequests.change_inforequest", "inforequests.change_releasedfile"),
        *("inforequests.delete_releasedfile", "inforequests.submit_answer"),
        *("inforequests.view_answer", "inforequests.view_inforequest"),
        "inforequests.view_releasedfile",
        *("ledger.add_progressentry", "ledger.change_progressentry"),
        *("ledger.submit_progressentry", "ledger.view_ledger"),
        *("ledger.view_progressentry", "ledger.view_requirement"),
        # 意见征集 and 留言 (README: clerks run their office's consultations and answer messages).
        *("consultations.view_consultation", "consultations.add_consultation"),
        *("consultations.change_consultation", "consultations.view_comment"),
        *("consultations.change_comment", "inquiries.view_message", "inquiries.change_message"),
        "offices.view_office",
        "units.view_unit",
        *("publications.add_attachment", "publications.add_publication"),
        *("publications.change_attachment", "publications.change_publication"),
        *("publications.delete_attachment", "publications.submit_publication"),
        *("publications.view_attachment", "publications.view_publication"),
    },
    "公开办负责人": {
        # 意见征集 and 留言 (README: clerks run their office's consultations and answer messages).
        *("consultations.view_consultation", "consultations.add_consultation"),
        *("consultations.change_consultation", "consultations.view_comment"),
        *("consultations.change_comment", "inquiries.view_message", "inquiries.change_message"),
        *("annualreport.add_annualreport", "annualreport.change_annualreport"),
        "annualreport.view_annualreport",
        # A published report's and requirement's revisions (the one review contract).
        *("annualreport.submit_annualreport", "annualreport.check_annualreport"),
        "annualreport.publish_annualreport",
        *("ledger.submit_requirement", "ledger.check_requirement", "ledger.publish_requirement"),
        *("catalogue.check_disclosureitem", "catalogue.publish_disclosureitem"),
        *("catalogue.view_channel", "catalogue.view_disclosureitem", "catalogue.view_domain"),
        *("columns.add_column", "columns.change_column", "columns.manage_all_offices"),
        "columns.view_column",
        *("inforequests.add_inforequest", "inforequests.add_releasedfile"),
        *("inforequests.approve_extension", "inforequests.change_inforequest"),
        *("inforequests.change_lettertemplate", "inforequests.change_releasedfile"),
        *("inforequests.check_answer", "inforequests.delete_releasedfile"),
        *("inforequests.publish_answer", "inforequests.view_answer"),
        *("inforequests.view_inforequest", "inforequests.view_lettertemplate"),
        "inforequests.view_releasedfile",
        *("ledger.add_ledger", "ledger.add_requirement", "ledger.change_ledger"),
        *("ledger.change_officename", "ledger.change_requirement"),
        *("ledger.check_progressentry", "ledger.publish_progressentry"),
        *("ledger.view_ledger", "ledger.view_officename", "ledger.view_progressentry"),
        "ledger.view_requirement",
        "offices.view_office",
        "units.view_unit",
        *("publications.check_publication", "publications.publish_publication"),
        *("publications.view_attachment", "publications.view_publication"),
        *("workdays.add_schedule", "workdays.add_scheduleday", "workdays.change_schedule"),
        *("workdays.change_scheduleday", "workdays.delete_scheduleday"),
        *("workdays.view_schedule", "workdays.view_scheduleday"),
    },
    "分管领导": {
        *("annualreport.view_annualreport", "annualreport.approve_annualreport"),
        "ledger.approve_requirement",
        "catalogue.approve_disclosureitem",
        *("catalogue.view_channel", "catalogue.view_disclosureitem", "catalogue.view_domain"),
        *("columns.manage_all_offices", "columns.view_column"),
        *("inforequests.approve_answer", "inforequests.view_answer"),
        "inforequests.view_inforequest",
        *("ledger.approve_progressentry", "ledger.view_ledger"),
        *("ledger.view_progressentry", "ledger.view_requirement"),
        "offices.view_office",
        "units.view_unit",
        *("publications.approve_publication", "publications.view_attachment"),
        "publications.view_publication",
    },
}

# The apps whose every permission the site administrator holds.
SITE_ADMIN_APPS = {
    *("annualreport", "audit", "backoffice", "catalogue", "columns", "display", "filesafety"),
    *("history", "inforequests", "ledger", "offices", "pagecache", "privacy", "privacyscan"),
    *("publications", "review", "reviewable", "selfcheck", "sitewide", "spreadsheet"),
    *("workdays", "consultations", "inquiries"),
}

PAGE_CACHED = {
    "annualreport.AnnualReport",
    *("catalogue.Channel", "catalogue.DisclosureItem", "catalogue.Domain"),
    "columns.Column",
    "consultations.Consultation",
    *("inforequests.InfoRequest", "inforequests.RequestStep"),
    *("ledger.Ledger", "ledger.ProgressEntry", "ledger.Requirement", "ledger.Task"),
    "offices.Office",
    *("publications.Attachment", "publications.Publication"),
    "units.Unit",
}

# What the site administrator holds beside those apps: their own unit's identity (units).
SITE_ADMIN_OWN = {"units.view_unit", "units.change_unit"}

# The self-check's rules as its summary lists them.
RULES = [
    ("column_overdue", "栏目逾期未更新"),
    ("column_empty", "栏目无信息"),
    ("calendar_next_year", "下一年节假日安排待录入"),
    ("calendar_missing", "本年节假日安排未录入"),
    ("item_no_column", "事项未关联栏目"),
    ("item_no_document", "事项无对应信息"),
    ("item_late", "事项信息公开不及时"),
    ("item_missing_elements", "事项要素缺失"),
    ("publication_no_item", "信息未标明对应事项"),
    ("dead_reference", "已废止文件仍被引用"),
    ("late_publication", "逾期发布"),
    ("missing_metadata", "信息缺少索引号或发布日期"),
    ("ledger_overdue", "台账要求逾期"),
    ("ledger_stale", "持续推进事项两个月未报进展"),
    ("report_due", "年度报告待发布"),
    ("report_missing", "年度报告逾期未发布"),
    ("request_due", "依申请公开即将到期或已逾期"),
    ("correction_late", "补正告知超过7个工作日"),
    ("interpretation_missing", "需解读的政策缺少解读"),
    ("interpretation_late", "解读发布滞后"),
    ("consultation_no_feedback", "征集结束未反馈"),
    ("consultation_none_in_year", "年度未开展意见征集"),
    ("message_overdue", "留言逾期未答复"),
    ("message_due_soon", "留言即将到期"),
    ("site_stale", "网站两周未更新"),
    ("broken_link", "链接或附件失效"),
]

HEADER_MENU = [
    ("/", "首页"),
    ("/columns/", "栏目"),
    ("/yisqgk/", "依申请公开"),
    ("/consultations/", "意见征集"),
    ("/messages/", "留言"),
    ("/search/", "搜索"),
]

HOME_ENTRIES = [
    ("/yisqgk/", "依申请公开", "申请公开政府信息，查询办理进度"),
    ("/annual-reports/", "政府信息公开年报", "历年政府信息公开工作年度报告"),
    ("/consultations/", "意见征集", "对政策文件草案提出意见"),
    ("/messages/", "留言", "向本局咨询、提出建议"),
]


def codenames(group):
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


@pytest.mark.django_db
def test_the_role_groups_hold_the_same_permissions():
    groups = {group.name: codenames(group) for group in Group.objects.all()}
    assert {name: groups[name] for name in ROLE_TABLE} == ROLE_TABLE
    portal = Permission.objects.filter(content_type__app_label__in=SITE_ADMIN_APPS)
    everything = {f"{p.content_type.app_label}.{p.codename}" for p in portal}
    assert groups[roles.SITE_ADMIN] == everything | SITE_ADMIN_OWN


def test_the_same_models_drop_the_cached_pages():
    uids = [key[0] for key, *_ in post_save.receivers if isinstance(key[0], str)]
    prefix = "page-cache-save-"
    assert {uid.removeprefix(prefix) for uid in uids if uid.startswith(prefix)} == PAGE_CACHED


def test_the_self_check_lists_the_same_rules():
    assert Rule.choices == RULES


def nav_links(html, start, end):
    section = html[html.index(start) : html.index(end, html.index(start))]
    return section


@pytest.mark.django_db
def test_the_header_and_home_show_the_same_menu(client):
    html = client.get("/").content.decode()
    nav = nav_links(html, '<nav class="site-nav"', "</nav>")
    links = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)
    assert [link for link in links if not link[0].startswith("/domains/")] == HEADER_MENU
    entries = nav_links(html, 'id="open-government-title"', "</section>")
    found = re.findall(
        r'<a class="entry-card" href="([^"]+)"><span class="entry-name">([^<]+)</span>'
        r'<span class="entry-hint">([^<]+)</span></a>',
        entries,
    )
    assert found == HOME_ENTRIES
