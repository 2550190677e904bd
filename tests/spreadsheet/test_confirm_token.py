"""
The confirm step of every import reads only the file its own preview stored, for the same user
in the same session, within the time limit; anything else is refused with a message, never a
500 and never another file of the temporary directory.
"""

import os
import tempfile

import pytest
from django.test import Client

from columns.models import Column
from tests.admin_pages import confirm_data
from tests.catalogue.import_support import records, workbook
from tests.catalogue.test_import_admin import CONFIRM_URL as ITEM_CONFIRM
from tests.catalogue.test_import_admin import upload as upload_items
from tests.columns.test_import_columns import CONFIRM_URL as COLUMN_CONFIRM
from tests.columns.test_import_columns import table_bytes
from tests.columns.test_import_columns import upload as upload_columns
from tests.factories import make_channels, make_domain

pytestmark = pytest.mark.django_db

REFUSED = "确认导入的信息无效或已过期"


@pytest.fixture
def domain():
    make_channels()
    return make_domain(name="社会救助", slug="social-assistance")


def preview(kind, client, domain):
    """(the confirm URL, the confirm form's data) of a fresh preview."""
    if kind == "catalogue":
        response = upload_items(client, domain, workbook(records(2)))
        return ITEM_CONFIRM, confirm_data(response, ITEM_CONFIRM)
    response = upload_columns(client, table_bytes())
    return COLUMN_CONFIRM, confirm_data(response, COLUMN_CONFIRM)


def messages_of(response):
    return [str(m) for m in response.wsgi_request._messages]


def nothing_imported(kind):
    if kind == "catalogue":
        from catalogue.models import DisclosureItem

        return not DisclosureItem.objects.exists()
    return not Column.objects.exists()


KINDS = ["catalogue", "columns"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_very_long_file_name_is_refused_with_a_message(staff_client, domain, kind):
    url, data = preview(kind, staff_client, domain)
    response = staff_client.post(url, {**data, "import_file_name": "a" * 5000})
    assert response.status_code == 302
    assert any(REFUSED in message for message in messages_of(response))
    assert nothing_imported(kind)


@pytest.mark.parametrize("kind", KINDS)
def test_another_file_of_the_temporary_directory_is_never_read(staff_client, domain, kind):
    url, data = preview(kind, staff_client, domain)
    # A file someone else's preview left there (here: a copy of a valid upload).
    with open(os.path.join(tempfile.gettempdir(), data["import_file_name"]), "rb") as handle:
        content = handle.read()
    fd, other = tempfile.mkstemp()
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
    try:
        response = staff_client.post(url, {**data, "import_file_name": os.path.basename(other)})
        assert any(REFUSED in message for message in messages_of(response))
        assert os.path.exists(other)  # neither read into the portal nor removed
        assert nothing_imported(kind)
    finally:
        os.remove(other)


@pytest.mark.parametrize("kind", KINDS)
def test_a_confirm_by_another_user_or_session_is_refused(
    staff_client, domain, kind, django_user_model
):
    url, data = preview(kind, staff_client, domain)
    other = Client()
    other.force_login(django_user_model.objects.create_superuser("other", password="x"))
    response = other.post(url, data)
    assert any(REFUSED in message for message in messages_of(response))
    # The same user signed in again (a new session) cannot reuse the page either.
    again = Client()
    again.force_login(_user(staff_client))
    response = again.post(url, data)
    assert any(REFUSED in message for message in messages_of(response))
    assert nothing_imported(kind)
    # The preview's own user and session confirm it.
    response = staff_client.post(url, data)
    assert not any(REFUSED in message for message in messages_of(response))
    assert not nothing_imported(kind)


@pytest.mark.parametrize("kind", KINDS)
def test_a_missing_or_expired_token_is_refused(staff_client, domain, kind, settings):
    url, data = preview(kind, staff_client, domain)
    response = staff_client.post(url, {k: v for k, v in data.items() if k != "import_token"})
    assert any(REFUSED in message for message in messages_of(response))
    settings.IMPORT_CONFIRM_MAX_AGE = -1  # the preview is older than the limit
    response = staff_client.post(url, data)
    assert any(REFUSED in message for message in messages_of(response))
    assert nothing_imported(kind)


def _user(client):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=client.session["_auth_user_id"])
