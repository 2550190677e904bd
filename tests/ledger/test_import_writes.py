"""
The ledger import writes in bulk (constant queries, unchanged rows untouched, one page-cache
bump), keeps the upload in the storage rather than the session, and never overwrites a
requirement edited between the preview and the confirm.
"""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ledger import importing
from ledger.models import PendingImport, Requirement
from ledger.reading import read_ledger_file
from offices.models import Office
from review.models import Revision
from tests.ledger import files
from units.models import Unit

pytestmark = pytest.mark.django_db
WRITES = ("INSERT", "UPDATE", "DELETE", "COPY")


@pytest.fixture
def offices():
    return [Office.objects.create(name=name) for name in ("办公室", "社会救助科")]


def ledger_rows(count, text="要求"):
    rows = [files.SEED_004_HEADER]
    for n in range(1, count + 1):
        task = f"{'一二三四五'[n % 5]}、任务{n % 5}"
        rows.append(
            [
                task,
                f"（一）子任务{n % 3}",
                str(n),
                f"{text}{n}",
                "办公室牵头，社会救助科配合",
                "年底前",
            ]
        )
    return files.xlsx_bytes(rows)


def run_import(data, year=2026, **kwargs):
    unit = kwargs.pop("unit", None) or Unit.objects.home()
    return importing.import_file(read_ledger_file(data), year, unit, **kwargs)


def writes(queries):
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(WRITES) and "FOR UPDATE" not in q["sql"].upper()
    ]


def bumps(queries):
    """Page-cache bumps: each updates the platform's version row first (pagecache.models)."""
    return [
        q
        for q in queries
        if "pagecache_contentversion" in q["sql"]
        and "UPDATE" in q["sql"]
        and '"unit_id" IS NULL' in q["sql"]
    ]


@pytest.mark.parametrize("count", [5, 80])
def test_an_import_costs_the_same_queries_for_few_rows_or_many(offices, count):
    data = ledger_rows(count)
    with CaptureQueriesContext(connection) as first:
        run_import(data)
    assert Requirement.objects.count() == count
    assert len(first.captured_queries) <= 40, len(first.captured_queries)
    assert len(bumps(first.captured_queries)) == 1

    changed = ledger_rows(count, text="改过的要求")
    with CaptureQueriesContext(connection) as second:
        plan, _ = run_import(changed)
    assert plan.count("changed") == count
    assert len(second.captured_queries) <= 40, len(second.captured_queries)
    assert len(bumps(second.captured_queries)) == 1
    assert set(Requirement.objects.values_list("version", flat=True)) == {2}


def test_an_unchanged_reimport_writes_nothing(offices):
    data = ledger_rows(30)
    run_import(data)
    before = list(Requirement.objects.values_list("pk", "version", "updated_at"))
    with CaptureQueriesContext(connection) as again:
        plan, _ = run_import(data)
    assert plan.count("unchanged") == 30
    assert writes(again.captured_queries) == []
    assert list(Requirement.objects.values_list("pk", "version", "updated_at")) == before


def test_a_change_to_a_published_requirement_is_imported_as_a_revision(offices, admin_user):
    from ledger.models import Ledger
    from ledger.publishing import file_ledger
    from publications.models import Publication
    from tests.factories import make_column

    run_import(ledger_rows(3))
    ledger = Ledger.objects.get(year=2026)
    ledger.column = make_column()
    ledger.save()
    file_ledger(ledger, status=Publication.Status.PUBLISHED)
    run_import(ledger_rows(3, text="改过的要求"), user=admin_user)
    assert sorted(Requirement.objects.values_list("text", flat=True)) == ["要求1", "要求2", "要求3"]
    assert Revision.objects.open().count() == 3


def _upload(client, data):
    return client.post(
        reverse("admin:ledger_ledger_import"),
        {"year": 2026, "file": SimpleUploadedFile("台账.xlsx", data)},
    )


def _token(response):
    return response.content.decode().split('name="token" value="', 1)[1].split('"', 1)[0]


def test_the_upload_waits_in_the_storage_not_the_session(offices, admin_client):
    data = ledger_rows(3)
    response = _upload(admin_client, data)
    assert response.status_code == 200
    pending = PendingImport.objects.get()
    assert default_storage.exists(pending.file.name)
    with default_storage.open(pending.file.name, "rb") as fh:
        assert fh.read() == data
    session = admin_client.session
    assert all(len(str(value)) < 1000 for value in session.values())

    confirmed = admin_client.post(
        reverse("admin:ledger_ledger_import"), {"confirm": "1", "token": _token(response)}
    )
    assert confirmed.status_code == 302
    assert Requirement.objects.count() == 3
    assert not PendingImport.objects.exists()
    assert not default_storage.exists(pending.file.name)


def test_a_requirement_edited_after_the_preview_is_not_overwritten(offices, admin_client):
    run_import(ledger_rows(3))
    response = _upload(admin_client, ledger_rows(3, text="文件里的要求"))
    edited = Requirement.objects.get(number="2")
    edited.text = "预览之后别人改的"
    edited.save()

    refused = admin_client.post(
        reverse("admin:ledger_ledger_import"), {"confirm": "1", "token": _token(response)}
    )
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "序号 2" in page and "在预览之后已被他人修改" in page
    edited.refresh_from_db()
    assert edited.text == "预览之后别人改的"
    assert Requirement.objects.get(number="1").text == "要求1"  # nothing written


def test_another_person_cannot_confirm_my_upload(offices, admin_client, django_user_model):
    from django.test import Client

    response = _upload(admin_client, ledger_rows(2))
    other = Client()
    other.force_login(django_user_model.objects.create_superuser("other", password="x"))
    page = other.post(
        reverse("admin:ledger_ledger_import"), {"confirm": "1", "token": _token(response)}
    ).content.decode()
    assert "确认信息已过期" in page
    assert not Requirement.objects.exists()


def test_a_published_requirement_missing_from_the_file_is_not_deleted(offices, admin_user):
    """Taking a requirement off the public ledger is a withdrawal through the review."""
    from ledger.models import Ledger
    from ledger.publishing import file_ledger
    from publications.models import Publication
    from tests.factories import make_column

    run_import(ledger_rows(3))
    ledger = Ledger.objects.get(year=2026)
    ledger.column = make_column()
    ledger.save()
    file_ledger(ledger, status=Publication.Status.PUBLISHED)
    with pytest.raises(importing.ImportRefused, match=r"序号 3 的要求.*已公开.*撤回"):
        run_import(ledger_rows(2), user=admin_user)
    assert Requirement.objects.filter(ledger=ledger).count() == 3
