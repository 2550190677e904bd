"""
Generated public files (the annual report's Word file, the catalogue and statistics downloads, the
application form) are built once for each state of what they show and kept in the default
storage; query strings the page does not read never defeat the page cache.
"""

import io
import logging

import docx
import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from pagecache.models import ContentVersion
from publications.models import Publication
from sitewide import generated
from tests.annualreport.test_pages import filed
from tests.factories import make_channels, make_domain, make_item
from tests.inforequests.helpers import make_request
from units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def builds(caplog):
    """The slots built during the test, as the store logs them."""
    caplog.set_level(logging.INFO, logger=generated.logger.name)

    def built():
        return [r.slot for r in caplog.records if r.name == generated.logger.name]

    return built


def docx_text(content):
    return "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)


def test_the_report_s_word_file_is_built_once_and_rebuilt_after_a_change(builds):
    report = filed(2025)
    url = "/annual-reports/2025/report.docx"
    client = Client()
    first = client.get(url)
    assert first.status_code == 200
    assert len(builds()) == 1
    for again in (url, url + "?x=1", url + "?x=2"):
        response = client.get(again)
        assert response.status_code == 200
        assert b"".join(response.streaming_content if response.streaming else [response.content])
    assert len(builds()) == 1
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304

    report.overview = "本年度新的总体情况。"
    report.save()
    changed = client.get(url)
    assert len(builds()) == 2
    assert "本年度新的总体情况。" in docx_text(changed.content)
    assert changed["ETag"] != first["ETag"]
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 200
    # Only the newest file of a slot is kept.
    (kept,) = default_storage.listdir(f"{generated.ROOT}/annualreport/{report.unit_id}/2025")[1]
    assert kept.endswith(".docx")


def test_a_draft_report_is_built_for_staff_and_never_stored(staff_client, builds):
    filed(2025, status=Publication.Status.DRAFT)
    assert Client().get("/annual-reports/2025/report.docx").status_code == 404
    response = staff_client.get("/annual-reports/2025/report.docx")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert builds() == []
    assert not default_storage.exists(generated.ROOT + "/annualreport")


def test_the_catalogue_downloads_are_built_once_per_state_of_the_domain(builds):
    domain = make_domain(name="社会救助", slug="social-assistance")
    make_channels()
    make_item(domain=domain, level1="最低生活保障")
    client = Client()
    url = reverse("catalogue:domain-download", kwargs={"slug": domain.slug, "fmt": "xlsx"})
    first = client.get(url)
    assert first.status_code == 200
    assert client.get(url + "?x=1").content == first.content
    assert len(builds()) == 1
    make_item(domain=domain, level1="临时救助", number=2)
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(url).content)).active
    assert "临时救助" in [cell.value for row in sheet.iter_rows() for cell in row]
    assert len(builds()) == 2


def test_the_statistics_workbook_and_the_form_are_built_once(builds):
    make_request()
    client = Client()
    url = reverse("inforequests:statistics-xlsx", args=[2026])
    form = reverse("inforequests:form-download")
    for attempt in range(3):
        assert client.get(url + f"?x={attempt}").status_code == 200
        assert client.get(form + f"?x={attempt}").status_code == 200
    unit = Unit.objects.home().pk
    assert sorted(builds()) == [
        f"inforequests/application-form/{unit}",
        f"inforequests/statistics/{unit}/2026",
    ]
    openpyxl.load_workbook(io.BytesIO(client.get(url).content))
    make_request()
    client.get(url)
    assert len(builds()) == 3


def test_migrate_drops_every_stored_file(builds):
    filed(2025)
    Client().get("/annual-reports/2025/report.docx")
    assert default_storage.exists(f"{generated.ROOT}/annualreport")
    call_command("migrate", verbosity=0)  # a deploy: a new release may write files differently
    Client().get("/annual-reports/2025/report.docx")
    assert len(builds()) == 2


def test_a_file_another_worker_is_still_writing_is_not_served(builds):
    """The size in the name tells a complete file from one cut short."""
    report = filed(2025)
    slot = f"annualreport/{report.unit_id}/2025"
    prefix = generated.digest(slot, ContentVersion.objects.key(report.unit_id))
    default_storage.save(f"{generated.ROOT}/{slot}/{prefix}-99999.docx", ContentFile(b"PK\x03\x04"))
    response = Client().get("/annual-reports/2025/report.docx")
    assert builds() == [slot]
    assert "年度报告" in docx_text(response.content)
