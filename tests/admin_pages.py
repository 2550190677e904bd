"""Reading the admin's import pages as a browser would, for the catalogue and column import tests."""

import html
import re


def confirm_data(response, confirm_url):
    """The confirm form's hidden fields, as the browser posts them back (boxes unticked)."""
    page = response.content.decode()
    form = page[page.index('action="' + confirm_url) :]
    form = form[: form.index("</form>")]
    data = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and 'type="hidden"' in tag:
            data[name.group(1)] = html.unescape(value.group(1)) if value else ""
    return data


def page_text(response):
    """The page with every run of whitespace made one space, for substring assertions."""
    return re.sub(r"\s+", " ", response.content.decode())


def form_version(obj):
    """The version a change form opened now carries (versions), as the page has it."""
    from review import workflow

    obj.refresh_from_db()
    obj.__dict__.pop("_open_revision", None)
    from reviewable.models import Reviewable

    if isinstance(obj, Reviewable):
        return workflow.version_token(obj)
    return str(obj.version)


def two_superusers(django_user_model):
    """Two browsers signed in as two superusers, for the races of two stale saves."""
    from django.test import Client

    clients = []
    for name in ("zhang", "li"):
        client = Client()
        client.force_login(django_user_model.objects.create_superuser(name, password="x"))
        clients.append(client)
    return clients
