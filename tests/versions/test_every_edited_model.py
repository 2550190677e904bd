"""
Every model a person edits in the admin is versioned: a save from an outdated form is refused.

The test walks the portal's admin site (audit.admin_site.PortalAdminSite) as a superuser sees
it, so a model registered tomorrow without the `versions` contract fails here, not in use.
"""

import pytest
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from audit.admin_site import PortalAdminSite
from versions.admin import VersionedAdminMixin, VersionedInlineMixin
from versions.models import FIELD, VersionedModel

# Registered but read-only in the admin (no change permission, or every field read-only):
# nobody can lose an update there. Each entry says why the model is read-only.
READ_ONLY = {
    "audit.AuditEntry": "the audit log is written by the portal, never by hand",
    "review.ReviewStep": "the record of review is written by the workflow's steps only",
    "publications.IndexSequence": "the 索引号 counter moves by one UPDATE at publishing only",
    "axes.AccessAttempt": "django-axes' lockout records: every field is read-only",
    "axes.AccessFailureLog": "django-axes' failed sign-ins: every field is read-only",
    "axes.AccessLog": "django-axes' sign-in log: every field is read-only",
}


def superuser_request():
    request = RequestFactory().get("/admin/")
    request.user = get_user_model().objects.create_superuser("root", password=None)
    return request


def editable_fields(model_admin, request):
    """The fields a person can type into on the change form (the version field aside)."""
    if not model_admin.has_change_permission(request):
        return []
    names = flatten_fieldsets(model_admin.get_fieldsets(request))
    readonly = set(model_admin.get_readonly_fields(request))
    return [name for name in names if name not in readonly and name != FIELD]


def is_own_model(model):
    """A model of the portal's own apps (third-party models cannot take a version column)."""
    return not model.__module__.startswith(("django.", "django_otp.", "axes."))


def test_the_site_checked_is_the_portal_admin_site():
    assert isinstance(admin.site, PortalAdminSite)


@pytest.mark.django_db
def test_every_editable_registered_model_is_versioned():
    request = superuser_request()
    unversioned = []
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label
        if not editable_fields(model_admin, request):
            assert label in READ_ONLY, f"{label} is read-only: add it to READ_ONLY with why"
            continue
        assert label not in READ_ONLY, f"{label} is editable in the admin, not read-only"
        form = model_admin.get_form(request, None, change=True)
        versioned = (
            isinstance(model_admin, VersionedAdminMixin)
            and FIELD in form.base_fields
            and (issubclass(model, VersionedModel) or not is_own_model(model))
        )
        if not versioned:
            unversioned.append(label)
    assert sorted(unversioned) == []


@pytest.mark.django_db
def test_every_editable_inline_is_covered_by_a_version():
    """
    An inline's rows are saved with their parent, whose version the form checks (the parent's
    save always claims a new one); a versioned model edited inline checks its own version too,
    since it may also be edited on its own page.
    """
    request = superuser_request()
    problems = []
    for model, model_admin in admin.site._registry.items():
        for inline in model_admin.get_inline_instances(request, None):
            if not editable_fields(inline, request):
                continue
            label = f"{model._meta.label} › {inline.model._meta.label}"
            if not isinstance(model_admin, VersionedAdminMixin):
                problems.append(f"{label}: the parent's form is not versioned")
            if issubclass(inline.model, VersionedModel) or inline.model in admin.site._registry:
                form = inline.get_formset(request, None).form
                if not isinstance(inline, VersionedInlineMixin) or FIELD not in form.base_fields:
                    problems.append(f"{label}: the inline's rows do not check their version")
    assert problems == []


def test_the_allow_lists_name_registered_models():
    registered = {model._meta.label for model in admin.site._registry}
    assert set(READ_ONLY) <= registered
