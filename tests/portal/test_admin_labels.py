"""Every heading the admin shows is Chinese: list columns, field sets and inlines."""

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.urls import reverse

from tests.admin_pages import page_text
from tests.ledger.helpers import make_ledger

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def registered():
    """(model, its ModelAdmin) of every model the admin shows."""
    for model in apps.get_models():
        if admin.site.is_registered(model):
            yield model, admin.site.get_model_admin(model)


def test_every_list_column_has_a_chinese_heading():
    english = []
    for model, model_admin in registered():
        for name in model_admin.list_display:
            if name == "action_checkbox" or name == "__str__":
                continue
            label = str(label_for_field(name, model, model_admin))
            if not CHINESE.search(label):
                english.append(f"{model._meta.label}.{name}: {label}")
    assert not english, "\n".join(english)


def test_every_field_set_and_inline_has_a_chinese_heading():
    english = []
    for model, model_admin in registered():
        for title, _ in model_admin.fieldsets or ():
            if title and not CHINESE.search(str(title)):
                english.append(f"{model._meta.label} field set: {title}")
        for inline in model_admin.inlines:
            name = inline.verbose_name_plural or inline.model._meta.verbose_name_plural
            if not CHINESE.search(str(name)):
                english.append(f"{model._meta.label} inline: {name}")
    assert not english, "\n".join(english)


@pytest.mark.django_db
def test_the_requirements_list_heads_its_columns_in_chinese_and_widens_the_text(staff_client):
    make_ledger(2026, [{"text": "在政府网站集中公开养老服务扶持政策措施清单，逐条列明依据和渠道"}])
    html = page_text(staff_client.get(reverse("admin:ledger_requirement_changelist")))
    assert "责任部门（单位）" in html and "Offices text" not in html
    assert "admin_extra/ledger.css" in html  # .field-short_text is at least 16em wide
