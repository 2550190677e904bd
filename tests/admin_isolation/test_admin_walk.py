"""
Staff of town A reach nothing of town B or of the county through any admin URL.

The walk enumerates: every URL pattern under /admin/ (the admin site's, each ModelAdmin's own,
and the staff pages the apps mount there), filled with the ids of B's and the county's rows of
the pattern's model (and their versions, steps and the like); every action of every ModelAdmin,
posted on its changelist with B's and the county's ids; the autocomplete of every relation. A
new model, view or action is walked without anyone adding it here. Each answer must refuse
(403, 404, 405, a redirect within the admin) or show nothing of B's or the county's rows: no
marker of their texts in the page or file (xlsx and docx opened), and no row of theirs changed.
"""

import io
import json
import re
import zipfile
from types import SimpleNamespace
from urllib.parse import unquote

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver
from stdnum.cn import uscc

from review import roles
from tests.admin_isolation.world import build_every_model, unit_owned_models
from units.access import owned_by
from units.models import Unit

B_MARK = "乙镇机密"
COUNTY_MARK = "县局机密"
MARKERS = (B_MARK, COUNTY_MARK)
# Values tried for a text parameter of a URL (an export's format, a download's kind).
TEXT_PARAMETERS = ("xlsx", "csv", "json", "docx", "monthly-xlsx", "monthly-docx")
# What a refused step, restore, delete confirmation or action posts.
POSTED = {"post": "yes", "comment": "越权尝试", "_restore": "1", "index": "0", "_save": "保存"}


def code(n):
    body = f"12341700MB{n:07d}"
    return body + uscc.calc_check_digit(body)


def make_unit(name, n, parent, **kwargs):
    return Unit.objects.create(
        name=name,
        code=code(n),
        slug=f"town-{n}",
        parent=parent,
        kind="town",
        level="town",
        disclosure_office=f"{name}党政办",
        address=f"{name}政府大院",
        **kwargs,
    )


@pytest.fixture
def platform(django_user_model):
    county = Unit.objects.home()
    town_a = make_unit("甲镇", 1, county)
    town_b = make_unit(f"{B_MARK}镇", 2, county)
    built = {
        "b": build_every_model(town_b, B_MARK),
        "county": build_every_model(county, COUNTY_MARK),
        "a": build_every_model(town_a, "甲镇自有"),
    }

    def person(username, role, unit=None, office=None):
        user = django_user_model.objects.create_user(username, is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        if unit is not None:
            unit.members.add(user)
        if office is not None:
            office.members.add(user)
        return user

    office_a = built["a"].row(town_a.offices.model)
    return SimpleNamespace(
        county=county,
        town_a=town_a,
        town_b=town_b,
        built=built,
        office_a=office_a,
        clerk=person("town-a-clerk", roles.CLERK, office=office_a),
        head=person("town-a-head", roles.HEAD, unit=town_a),
        site_admin=person("town-a-admin", roles.SITE_ADMIN, unit=town_a),
        county_head=person("county-head", roles.HEAD, unit=county),
    )


# --- what the walk visits --------------------------------------------------------------------


def admin_routes():
    """(route, model or None) for every URL pattern under admin/."""

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern)

    models = {
        (model._meta.app_label, model._meta.model_name): model for model in admin.site._registry
    }
    for route in walk(get_resolver().url_patterns, ""):
        if not route.startswith("admin/"):
            continue
        parts = route.split("/")
        model = models.get((parts[1], parts[2])) if len(parts) > 2 else None
        yield route, model


def foreign_rows(platform, model):
    """B's and the county's rows of `model` (their users for the user model)."""
    if model is None:
        return []
    if model in unit_owned_models() or model is Unit:
        ids = [platform.town_b.pk, platform.county.pk]
        return list(model._base_manager.filter(owned_by(model, ids)))
    if model is type(platform.clerk):
        return [platform.built["b"].user(), platform.built["county"].user()]
    return []


def foreign_ids(platform, models):
    ids = set()
    for model in models:
        ids.update(row.pk for row in foreign_rows(platform, model))
    return sorted(ids)


def urls(platform, route, model):
    """Every URL of `route` filled with B's and the county's ids (none if it takes no id)."""
    if "(?P<" in route or route.endswith(".*)$"):
        return []  # the app index and the catch-all: no object
    if "^" in route:  # simple-history's version page: (object id, version id)
        head, _, _regex = route.partition("^")
        filled = []
        for row in foreign_rows(platform, model):
            history = getattr(row, "history", None)
            versions = list(history.values_list("history_id", flat=True)) if history else [0]
            for version in versions:
                filled.append(f"/{head}{row.pk}/history/{version}/")
        return filled
    names = re.findall(r"<(?:(\w+):)?(\w+)>", route)
    if not names:
        return [f"/{route}"]
    rows = foreign_rows(platform, model)
    same_app = [m for m in unit_owned_models() if m._meta.app_label == route.split("/")[1]]
    filled = [route]
    for index, (converter, name) in enumerate(names):
        if name == "content_type_id":
            values = [ContentType.objects.get_for_model(m).pk for m in unit_owned_models()]
        elif converter == "str":
            values = TEXT_PARAMETERS
        elif index == 0:
            values = [row.pk for row in rows]
        else:
            values = foreign_ids(platform, same_app)
        pattern = f"<{converter + ':' if converter else ''}{name}>"
        filled = [f.replace(pattern, str(value), 1) for f in filled for value in values]
    if route.startswith("admin/r/"):  # view_on_site: content type and id of the same row
        filled = [
            f"/admin/r/{ContentType.objects.get_for_model(type(row)).pk}/{row.pk}/"
            for model_ in unit_owned_models()
            for row in foreign_rows(platform, model_)
        ]
        return filled
    return [f"/{url}" for url in filled]


# --- what an answer may hold ------------------------------------------------------------------


def body_of(response):
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    texts = [raw.decode("utf-8", "replace")]
    if raw[:2] == b"PK":  # xlsx, docx: the texts are inside the zip's parts
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            texts += [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
    texts.append(unquote(response.get("Location", "")))
    texts.append(unquote(response.get("Content-Disposition", "")))
    return "\n".join(texts)


def leak(response, where):
    """What `response` gives away, or None: it refuses, or shows nothing of B's or the county's."""
    if response.status_code not in (200, 302, 400, 403, 404, 405):
        return f"{where}: status {response.status_code}"
    if response.status_code == 302 and not response["Location"].startswith("/admin/"):
        return f"{where} → {response['Location']}"
    body = body_of(response)
    for marker in MARKERS:
        if marker in body or json.dumps(marker)[1:-1] in body:
            return f"{where} shows {marker}"
    return None


def assert_refused_or_empty(response, where):
    problem = leak(response, where)
    assert problem is None, problem


def snapshot(platform):
    """Every row of B and of the county, as values: the walk must change none."""
    ids = [platform.town_b.pk, platform.county.pk]
    rows = {}
    for model in [Unit, *unit_owned_models()]:
        found = model._base_manager.filter(owned_by(model, ids)).order_by("pk").values()
        rows[model._meta.label] = [
            {k: v for k, v in row.items() if k not in ("updated_at", "last_login")} for row in found
        ]
    users = type(platform.clerk).objects.filter(units__in=ids).order_by("pk")
    rows["users"] = list(users.values("pk", "is_superuser", "is_staff", "password", "username"))
    return rows


# --- the walk ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["clerk", "head", "site_admin"])
@pytest.mark.django_db
def test_town_staff_reach_nothing_of_another_town_or_the_county(client, platform, who):
    client.force_login(getattr(platform, who))
    before = snapshot(platform)
    visited, leaks = 0, []
    for route, model in admin_routes():
        if route in ("admin/logout/", "admin/password_change/"):
            continue
        for url in urls(platform, route, model):
            leaks.append(leak(client.get(url), f"GET {url}"))
            leaks.append(leak(client.post(url, {**POSTED, "action": "submit"}), f"POST {url}"))
            visited += 1
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        changelist = f"/admin/{opts.app_label}/{opts.model_name}/"
        ids = [row.pk for row in foreign_rows(platform, model)]
        for name in model_admin._get_base_actions():
            action = name[1] if isinstance(name, tuple) else name
            data = {**POSTED, "action": action, "_selected_action": ids}
            leaks.append(leak(client.post(changelist, data), f"{action} on {changelist}"))
            visited += 1
        for field in [*opts.many_to_many, *(f for f in opts.fields if f.is_relation)]:
            related = field.related_model
            if related is None or related not in admin.site._registry:
                continue
            query = {
                "app_label": opts.app_label,
                "model_name": opts.model_name,
                "field_name": field.name,
                "term": "",
            }
            response = client.get("/admin/autocomplete/", query)
            leaks.append(leak(response, f"autocomplete {opts.label}.{field.name}"))
    leaks = [problem for problem in leaks if problem is not None]
    assert not leaks, f"{len(leaks)} leaks:\n" + "\n".join(leaks)
    assert snapshot(platform) == before
    assert visited > 300  # the walk did walk


@pytest.mark.django_db
def test_the_walk_would_see_a_leak(client, platform):
    """A platform administrator sees B's rows: the same checks fail for them."""
    root = type(platform.clerk).objects.create_superuser("root", password=None)
    client.force_login(root)
    publication = platform.built["b"].row(
        next(m for m in unit_owned_models() if m._meta.model_name == "publication")
    )
    response = client.get(f"/admin/publications/publication/{publication.pk}/change/")
    with pytest.raises(AssertionError):
        assert_refused_or_empty(response, "superuser")


@pytest.mark.django_db
def test_town_staff_work_on_their_own_rows(client, platform):
    """The walk's refusals come from the unit, not from a broken login: A's own rows open."""
    own = platform.built["a"]
    office = own.row(type(platform.office_a))
    client.force_login(platform.site_admin)
    page = client.get("/admin/offices/office/").content.decode()
    assert office.name in page
    client.force_login(platform.clerk)
    publication = own.row(
        next(m for m in unit_owned_models() if m._meta.model_name == "publication")
    )
    response = client.get(f"/admin/publications/publication/{publication.pk}/change/")
    assert response.status_code == 200
    assert publication.title in response.content.decode()
