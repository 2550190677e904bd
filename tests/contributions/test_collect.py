"""A feature joins the site by declaring on its own AppConfig: every collector finds it there."""

import datetime

import pytest
from django.apps import apps

from contributions.declare import DemoLoader, MenuEntry, SelfCheckRules
from contributions.management.commands.load_demo import demo_loaders
from contributions.roles import CLERK
from pagecache.receivers import page_cached_models
from review.roles import role_table
from selfcheck import rules
from sitewide.context_processors import public_menu


def fake_rule(facts):
    return {"fake_rule": [{"office": "", "subject": "新功能", "detail": "待办", "fix_url": "/"}]}


@pytest.fixture
def new_feature(monkeypatch):
    """An installed app that declares every kind of contribution and is named nowhere else."""
    config = apps.get_app_config("selfcheck")  # has a model of its own, BrokenLink
    declarations = {
        "page_cached_models": ("BrokenLink",),
        "role_permissions": {CLERK: ("view_brokenlink",)},
        "selfcheck_rules": SelfCheckRules(
            175, f"{__name__}.fake_rule", (("fake_rule", "新功能的规则"),)
        ),
        "demo_loader": DemoLoader("load_demo_fake", order=45),
        "menu_entries": (
            MenuEntry("新功能", "catalogue:search", order=35, nav="new", hint="说明"),
        ),
    }
    for name, value in declarations.items():
        monkeypatch.setattr(config, name, value, raising=False)
    public_menu.cache_clear()  # the menu is read once per process: read it with the new app
    yield config
    public_menu.cache_clear()


def test_every_collector_finds_a_new_apps_declarations(new_feature):
    assert "selfcheck.BrokenLink" in {model._meta.label for model in page_cached_models()}
    table, _ = role_table()
    assert "selfcheck.view_brokenlink" in table[CLERK]
    assert [loader.command for loader in demo_loaders()][-3:] == [
        "load_demo_messages",
        "load_demo_fake",
        "load_demo_requests",
    ]
    menu = public_menu()
    assert [entry.label for entry in menu.header] == [
        *("栏目", "依申请公开", "意见征集", "新功能", "留言", "搜索"),
    ]
    assert [entry.label for entry in menu.home][-2:] == ["新功能", "留言"]
    codes = [code for group, _ in rules.rule_groups() for code, _ in group.rules]
    assert codes.index("consultation_none_in_year") + 1 == codes.index("fake_rule")
    group = next(group for group, _ in rules.rule_groups() if group.order == 175)
    facts = rules.Facts(datetime.date(2026, 5, 1))
    (problem,) = rules._declared(group, facts)
    assert (problem.rule, problem.rule_label, problem.office) == (
        "fake_rule",
        "新功能的规则",
        rules.UNASSIGNED,
    )


def test_the_self_check_runs_its_rules_in_the_same_order():
    names = [getattr(g.function, "__name__", g.function) for g, _ in rules.RULE_GROUPS]
    assert names == [
        *("columns_overdue", "columns_empty", "calendar", "items_without_columns"),
        *("items_without_documents", "items_published_late", "items_missing_elements"),
        *("publications_without_items", "dead_references", "late_publications"),
        "missing_metadata",
        "ledger.checks.self_check",
        "annualreport.checks.self_check",
        "inforequests.checks.self_check",
        "publications.interpretation.self_check",
        "consultations.checks.self_check",
        "inquiries.checks.self_check",
        *("site_stale", "broken_links"),
    ]


def test_the_demo_loads_in_the_same_order():
    assert [loader.command for loader in demo_loaders()] == [
        *("load_demo_units", "load_demo_publications", "load_demo_ledger"),
        *("load_demo_consultations", "load_demo_messages", "load_demo_requests"),
    ]
