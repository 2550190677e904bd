"""Imports keep to the office rule: a clerk imports only into an own domain; the column table
is imported by those not bound to an office only."""

import pytest

from catalogue.models import DisclosureItem
from columns.models import Column
from tests.admin_pages import confirm_data, page_text
from tests.catalogue.import_support import records, workbook
from tests.catalogue.test_import_admin import CONFIRM_URL, IMPORT_URL, upload
from tests.columns.test_import_columns import IMPORT_URL as COLUMN_IMPORT_URL
from tests.columns.test_import_columns import table_bytes
from tests.columns.test_import_columns import upload as upload_columns
from tests.offices.conftest import grant, signed_in

pytestmark = pytest.mark.django_db

NOT_OWN = "您所在的科室不是所选领域的主管科室，不能向该领域导入"


def item_count(domain):
    return DisclosureItem.objects.filter(domain=domain).count()


def test_the_upload_offers_the_own_domains_only(client, world):
    clerk = signed_in(client, world.clerk_a)
    form = clerk.get(IMPORT_URL).context["form"]
    assert list(form.fields["domain"].queryset) == [world.domain_a]
    head = signed_in(client, grant(world.head, "change_disclosureitem"))
    assert set(head.get(IMPORT_URL).context["form"].fields["domain"].queryset) >= {
        world.domain_a,
        world.domain_b,
    }


def test_a_clerk_cannot_import_into_another_offices_domain(client, world):
    clerk = signed_in(client, world.clerk_a)
    response = upload(clerk, world.domain_b, workbook(records(2), domain_name="养老服务"))
    assert response.status_code == 200
    assert NOT_OWN in page_text(response)
    assert 'action="' + CONFIRM_URL not in page_text(response)
    assert item_count(world.domain_b) == 1


def test_a_forged_confirm_for_another_offices_domain_writes_nothing(client, world):
    clerk = signed_in(client, world.clerk_a)
    response = upload(clerk, world.domain_a, workbook(records(2)))
    data = confirm_data(response, CONFIRM_URL)
    data["domain"] = str(world.domain_b.pk)
    response = clerk.post(CONFIRM_URL, data, follow=True)
    assert "不是“养老服务”领域的主管科室，不能向该领域导入事项，本次未写入任何数据" in (
        page_text(response)
    )
    assert item_count(world.domain_b) == 1
    assert item_count(world.domain_a) == 1


def test_a_clerk_imports_into_the_own_domain(client, world):
    clerk = signed_in(client, world.clerk_a)
    response = upload(clerk, world.domain_a, workbook(records(2)))
    response = clerk.post(CONFIRM_URL, confirm_data(response, CONFIRM_URL))
    assert response.status_code == 302
    assert item_count(world.domain_a) == 3
    assert set(DisclosureItem.objects.values_list("status", flat=True)) == {"draft"}


def test_the_head_imports_into_any_domain(client, world):
    head = signed_in(client, grant(world.head, "add_disclosureitem", "change_disclosureitem"))
    response = upload(head, world.domain_b, workbook(records(2), domain_name="养老服务"))
    head.post(CONFIRM_URL, confirm_data(response, CONFIRM_URL))
    assert item_count(world.domain_b) == 3


def test_a_clerk_without_an_office_or_own_domain_is_told_why(client, world):
    clerk = signed_in(client, world.clerk_none)
    response = clerk.get(IMPORT_URL, follow=True)
    assert "您尚未分配科室，请联系公开办负责人。" in page_text(response)
    world.domain_a.owner_office = None
    world.domain_a.save()
    clerk = signed_in(client, world.clerk_a)
    response = clerk.get(IMPORT_URL, follow=True)
    assert "您所在的科室没有负责的领域，不能导入目录" in page_text(response)
    response = upload(clerk, world.domain_a, workbook(records(1)))
    assert response.status_code == 302
    assert item_count(world.domain_a) == 1


def test_the_column_table_import_is_for_those_not_bound_to_an_office(client, world):
    before = Column.objects.count()
    clerk = signed_in(client, grant(world.clerk_a, "add_column", "change_column"))
    changelist = clerk.get("/admin/columns/column/")
    assert COLUMN_IMPORT_URL not in changelist.content.decode()  # no button
    response = clerk.get(COLUMN_IMPORT_URL, follow=True)
    assert "栏目表导入会修改所有科室的栏目，只有公开办负责人和站点管理员可以导入" in page_text(
        response
    )
    response = upload_columns(clerk, table_bytes())
    assert response.status_code == 302
    assert Column.objects.count() == before
    # Without the import permission itself, the page is refused as for any model.
    assert signed_in(client, world.clerk_b).get(COLUMN_IMPORT_URL).status_code == 403
    head = signed_in(client, world.head)
    assert COLUMN_IMPORT_URL in head.get("/admin/columns/column/").content.decode()
    assert head.get(COLUMN_IMPORT_URL).status_code == 200
