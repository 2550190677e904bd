"""
Markup typed into any text is shown as text in the admin: with the demo loaded, every text
field of every row of every registered model is overwritten with hostile markup, and every
changelist, change and add page must never carry it raw (`format_html`, never f-strings into
help texts, descriptions or `mark_safe`).
"""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.core.management import call_command
from django.db import models
from django.urls import reverse

pytestmark = pytest.mark.django_db

HOSTILE = '"><img src=x onerror=alert(1)><script>alert(2)</script>'
SHORT = '"><b>'  # for fields too short for HOSTILE
RAW = ("<script>alert(2)</script>", "<img src=x onerror", SHORT)
DEMO = ["load_standard_data", "load_demo_publications", "load_demo_ledger"]
DEMO += ["load_demo_consultations", "load_demo_messages", "load_demo_requests"]


def poison(model):
    """Write HOSTILE after the row's id (unique together) into every free text field of every row."""
    fields = [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField))
        and not isinstance(field, (models.SlugField, models.EmailField, models.URLField))
        and not field.choices
        and not field.primary_key
    ]
    for pk in model._default_manager.values_list("pk", flat=True):
        values = {}
        for field in fields:
            text = f"{pk}{HOSTILE}"
            if field.max_length and len(text) > field.max_length:
                text = f"{pk}{SHORT}"
            if not field.max_length or len(text) <= field.max_length:
                values[field.name] = text
        if values:
            model._default_manager.filter(pk=pk).update(**values)


@pytest.fixture
def hostile_site(db):
    for command in DEMO:
        call_command(command, verbosity=0)
    for model in registered():
        poison(model)


def registered():
    return [model for model in apps.get_models() if admin.site.is_registered(model)]


def admin_pages():
    for model in registered():
        opts = model._meta
        base = f"admin:{opts.app_label}_{opts.model_name}"
        yield reverse(f"{base}_changelist")
        yield reverse(f"{base}_add")
        for pk in model._default_manager.values_list("pk", flat=True)[:3]:
            yield reverse(f"{base}_change", args=[quote(pk)])


def test_no_admin_page_carries_typed_markup_raw(client, django_user_model, hostile_site):
    client.force_login(django_user_model.objects.create_superuser("markup", "m@example.gov.cn"))
    client.raise_request_exception = False
    shown, failed = 0, []
    for url in admin_pages():
        response = client.get(url)
        if response.status_code != 200:
            continue
        page = response.content.decode()
        shown += "&quot;&gt;&lt;" in page
        failed += [f"{url}: {raw}" for raw in RAW if raw in page]
    assert not failed, "\n".join(failed)
    assert shown > 20  # the hostile text did reach the pages, escaped
