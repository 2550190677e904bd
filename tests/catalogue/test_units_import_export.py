"""
Staff imports and exports work on one unit: the user's own (or the domain's), never another's.

The actor is a town's 站点管理员: unrestricted within the town (offices.rights), so only the
unit rule keeps the county's rows out of reach.
"""

import csv
import io
import json
from urllib.parse import unquote

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from catalogue.forms import SearchForm
from catalogue.models import DisclosureItem, Domain
from columns.models import Column
from contributions.roles import SITE_ADMIN
from disclosure.standard_data import load_standard_data
from offices.models import Office
from tests.admin_pages import confirm_data, page_text
from tests.catalogue.import_support import records, workbook
from tests.columns.test_import_columns import bureau_rows, table_bytes
from tests.content_units import TOWN_CODE, county, make_town
from versions.models import version_digest

pytestmark = pytest.mark.django_db

COLUMN_IMPORT = "/admin/columns/column/import/"
COLUMN_CONFIRM = "/admin/columns/column/process_import/"
ITEM_IMPORT = "/admin/catalogue/disclosureitem/import/"
ITEM_CONFIRM = "/admin/catalogue/disclosureitem/process_import/"


@pytest.fixture
def town():
    return make_town()


@pytest.fixture
def town_admin(django_user_model, town):
    user = django_user_model.objects.create_user("town-admin", is_staff=True)
    user.groups.add(Group.objects.get(name=SITE_ADMIN))
    town.members.add(user)
    return user


@pytest.fixture
def town_client(client, town_admin):
    client.force_login(town_admin)
    return client


def county_state():
    """Everything of the county an import could touch, to compare before and after."""
    unit = county()
    return (
        version_digest(list(Column.objects.filter(unit=unit))),
        sorted(Office.objects.filter(unit=unit).values_list("pk", "name")),
        version_digest(list(DisclosureItem.objects.filter(domain__unit=unit))),
    )


def filename(response):
    return unquote(response["Content-Disposition"])


def csv_rows(response):
    return list(csv.reader(io.StringIO(b"".join(response).decode("utf-8-sig"))))


def test_a_town_imports_the_column_table_into_the_town_only(town_client, town):
    load_standard_data(unit=county())
    before = county_state()
    rows = [row for row in bureau_rows() if row[0] in (52, 61, 62)]

    preview = town_client.post(
        COLUMN_IMPORT,
        {
            "format": "0",
            "resource": "0",
            "update_existing": "on",
            "import_file": SimpleUploadedFile("栏目表.xlsx", table_bytes(rows)),
        },
    )
    # The county has these numbers already: for the town they are new.
    assert "新增 3 个，更新 0 个，未变 0 个。" in page_text(preview)
    response = town_client.post(COLUMN_CONFIRM, confirm_data(preview, COLUMN_CONFIRM))
    assert response.status_code == 302
    assert "示范县城关镇人民政府" in str(next(iter(get_messages(response.wsgi_request))))

    assert set(town.columns.exclude(number=None).values_list("number", flat=True)) == {52, 61, 62}
    assert set(town.offices.values_list("name", flat=True)) == {"办公室", "社会救助科"}
    assert county_state() == before


def test_the_column_table_export_is_the_users_units(town_client, staff_user, town):
    load_standard_data(unit=county())
    load_standard_data(unit=town)

    response = town_client.get("/admin/columns/column/export.csv")
    assert response.status_code == 200
    assert "示范县城关镇人民政府政务公开栏目表.csv" in filename(response)
    table = csv_rows(response)[1:]
    numbers = {int(row[0]) for row in table}
    assert numbers == set(town.columns.exclude(number=None).values_list("number", flat=True))
    assert {row[-1] for row in table} == {"民政所"}

    # The county's staff (here the platform's administrator, in no unit: the first unit's).
    platform_admin = Client()
    platform_admin.force_login(staff_user)
    county_export = platform_admin.get("/admin/columns/column/export.csv")
    assert len(csv_rows(county_export)[1:]) == 75
    assert "示范县民政局政务公开栏目表.csv" in filename(county_export)


def test_exporting_selected_columns_of_two_units_is_refused(staff_client, town):
    load_standard_data(unit=county())
    load_standard_data(unit=town)
    chosen = [
        Column.objects.get(unit=county(), number=61).pk,
        Column.objects.get(unit=town, number=61).pk,
    ]
    response = staff_client.post(
        "/admin/columns/column/",
        {"action": "export_columns_csv", "_selected_action": chosen},
        follow=True,
    )
    assert "所选栏目属于多个发布单位" in page_text(response)
    one = staff_client.post(
        "/admin/columns/column/",
        {"action": "export_columns_csv", "_selected_action": chosen[1:]},
    )
    assert [row[0] for row in csv_rows(one)[1:]] == ["61"]
    assert "示范县城关镇人民政府" in filename(one)


def test_the_catalogue_import_offers_and_writes_only_the_users_units_domains(town_client, town):
    load_standard_data(unit=county())
    load_standard_data(unit=town)
    before = county_state()
    town_domain = town.domains.get(slug="social-assistance")
    county_domain = county().domains.get(slug="social-assistance")

    page = town_client.get(ITEM_IMPORT)
    choices = page.context["form"].fields["domain"].queryset
    assert set(choices) == set(town.domains.all())

    upload = {"format": "0", "resource": "0"}
    refused = town_client.post(
        ITEM_IMPORT,
        {
            **upload,
            "domain": county_domain.pk,
            "import_file": SimpleUploadedFile("目录.xlsx", workbook(records(2))),
        },
    )
    assert refused.status_code == 200
    assert "domain" in refused.context["form"].errors

    preview = town_client.post(
        ITEM_IMPORT,
        {
            **upload,
            "domain": town_domain.pk,
            "import_file": SimpleUploadedFile("目录.xlsx", workbook(records(2))),
        },
    )
    assert preview.status_code == 200
    forged = confirm_data(preview, ITEM_CONFIRM) | {"domain": str(county_domain.pk)}
    response = town_client.post(ITEM_CONFIRM, forged, follow=True)
    assert "属于其他发布单位" in page_text(response)
    assert county_state() == before

    response = town_client.post(ITEM_CONFIRM, confirm_data(preview, ITEM_CONFIRM))
    assert response.status_code == 302
    assert town_domain.items.filter(status=DisclosureItem.Status.DRAFT).count() == 2
    assert county_state() == before


def test_a_domain_export_names_its_unit_and_another_units_is_not_found(town_client, town):
    load_standard_data(unit=county())
    load_standard_data(unit=town)
    town_domain = town.domains.get(slug="social-assistance")
    county_domain = county().domains.get(slug="social-assistance")

    own = town_client.get(f"/admin/catalogue/domain/{town_domain.pk}/export.json")
    assert own.status_code == 200
    names = {record["level2"] for record in json.loads(b"".join(own))}
    assert names == set(town_domain.items.values_list("level2", flat=True))
    assert (
        town_client.get(f"/admin/catalogue/domain/{county_domain.pk}/export.json").status_code
        == 404
    )


def test_exporting_domains_of_two_units_at_once_is_refused(staff_client, rf, town):
    load_standard_data(unit=county())
    load_standard_data(unit=town)
    response = staff_client.post(
        "/admin/catalogue/domain/",
        {
            "action": "export_domains_csv",
            "_selected_action": list(
                Domain.objects.filter(slug="social-assistance").values_list("pk", flat=True)
            ),
        },
        follow=True,
    )
    assert "所选内容属于多个发布单位" in page_text(response)
    assert admin.site.is_registered(Domain)


def test_the_public_download_is_the_units_domain(client, town):
    load_standard_data(unit=county())
    load_standard_data(unit=town)
    for unit, prefix in ((county(), ""), (town, f"/u/{town.slug}")):
        response = client.get(f"{prefix}/catalogue/social-assistance/download.json")
        assert response.status_code == 200
        domain = unit.domains.get(slug="social-assistance")
        assert len(json.loads(b"".join(response))) == domain.items.count()
    assert town.domains.get(slug="elderly-care").items.count() == 1


def test_the_commands_import_and_export_one_units_rows(tmp_path, town):
    load_standard_data(unit=county())
    load_standard_data(unit=town)
    target = tmp_path / "town.csv"
    call_command(
        "export_columns",
        "--unit",
        TOWN_CODE,
        "--format",
        "csv",
        "-o",
        str(target),
        stdout=io.StringIO(),
    )
    exported = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))[1:]
    assert len(exported) == town.columns.exclude(number=None).count()
    with pytest.raises(CommandError, match="多个发布单位"):
        call_command("export_columns", "--format", "csv", stdout=io.StringIO())

    before = county_state()
    source = tmp_path / "目录.xlsx"
    source.write_bytes(workbook(records(2)))
    call_command(
        "import_catalogue",
        str(source),
        "--domain",
        "社会救助",
        "--unit",
        TOWN_CODE,
        stdout=io.StringIO(),
    )
    assert county_state() == before
    assert town.domains.get(slug="social-assistance").items.count() == 13 + 2


def test_the_search_filter_takes_the_units_domain_of_a_shared_slug(town):
    load_standard_data(unit=county())
    load_standard_data(unit=town)
    form = SearchForm({"domain": "social-assistance"}, unit=town)
    assert form.is_valid()
    assert form.cleaned_data["domain"] == town.domains.get(slug="social-assistance")
    assert set(form.fields["domain"].queryset) == set(town.domains.all())
