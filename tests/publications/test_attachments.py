"""
Attachments: kinds read from real files' bytes, and the download view (headers, names, drafts,
and the page cache leaving streamed files alone).
"""

import io
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory

from pagecache import middleware as page_cache
from publications import attachments
from publications.models import Attachment, Publication
from tests.factories import make_publication
from tests.publications import files

pytestmark = pytest.mark.django_db

REAL_FILES = [
    ("pdf", files.pdf, "通知.pdf"),
    ("xlsx", files.xlsx, "名单.xlsx"),
    ("docx", files.docx, "通知.docx"),
    ("png", files.png, "照片.png"),
    ("jpg", files.jpeg, "照片.jpg"),
    ("jpg", files.jpeg, "照片.JPEG"),
]


def attach(publication, data, name, title=""):
    return Attachment.objects.create(
        publication=publication, title=title, file=ContentFile(data, name=name)
    )


def body(response):
    return b"".join(response.streaming_content)


@pytest.mark.parametrize(("kind", "build", "name"), REAL_FILES)
def test_real_files_are_recognised_by_content(kind, build, name):
    upload = SimpleUploadedFile(name, build())
    assert attachments.sniff(upload) == kind
    attachments.validate_upload(upload)  # accepted
    assert upload.tell() == 0


@pytest.mark.parametrize(
    "data", [files.elf(), files.windows_exe(), files.plain_zip(), b"just text"]
)
def test_other_content_is_refused_whatever_its_name(data):
    upload = SimpleUploadedFile("通知.pdf", data)
    assert attachments.sniff(upload) is None
    with pytest.raises(ValidationError, match="不是允许的文件类型"):
        attachments.validate_upload(upload)


def test_saving_reads_kind_and_size_from_the_bytes():
    publication = make_publication()
    attachment = attach(publication, files.docx(), "通知.docx")
    assert attachment.kind == "docx"
    assert attachment.size == len(files.docx())


@pytest.fixture
def publication():
    return make_publication(title="关于城乡低保名单的公示")


@pytest.mark.parametrize(("kind", "build", "name"), REAL_FILES[:5])
def test_download_sends_the_file_with_its_type_and_name(client, publication, kind, build, name):
    data = build()  # built once: a zip stamps the second it was made
    attachment = attach(publication, data, name, title="城乡低保名单")
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response.streaming
    assert body(response) == data
    assert response["Content-Type"] == attachments.CONTENT_TYPES[kind]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        f"attachment; filename*=utf-8''{quote(f'城乡低保名单.{kind}')}"
    )


def test_download_name_keeps_an_extension_already_there(client, publication):
    attachment = attach(publication, files.pdf(), "a.pdf", title="实施办法.PDF")
    response = client.get(attachment.get_absolute_url())
    assert response["Content-Disposition"] == (
        f"attachment; filename*=utf-8''{quote('实施办法.PDF')}"
    )


def test_download_name_without_title_is_the_stored_file_name(client, publication):
    attachment = attach(publication, files.png(), "photo.png")
    response = client.get(attachment.get_absolute_url())
    stored = attachment.file.name.rsplit("/", 1)[-1]
    assert stored.endswith(".png")
    assert response["Content-Disposition"] == f'attachment; filename="{stored}"'


def test_download_name_drops_control_characters_and_slashes(client, publication):
    attachment = attach(publication, files.pdf(), "a.pdf", title='名单\r\n../"附件"')
    response = client.get(attachment.get_absolute_url())
    assert response["Content-Disposition"] == (
        f"attachment; filename*=utf-8''{quote('名单_.._附件_.pdf')}"
    )


def test_attachment_of_a_draft_is_404_for_the_public_and_served_to_staff(staff_client):
    draft = make_publication(status=Publication.Status.DRAFT)
    attachment = attach(draft, files.pdf(), "草稿.pdf")
    assert Client().get(attachment.get_absolute_url()).status_code == 404
    response = staff_client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert body(response) == files.pdf()


def test_unknown_attachment_is_404(client):
    assert client.get("/publications/attachments/999999/").status_code == 404


def test_attachment_whose_file_is_gone_is_404(client, publication):
    attachment = attach(publication, files.pdf(), "a.pdf")
    attachment.file.storage.delete(attachment.file.name)
    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_big_download_is_streamed_and_never_stored_in_the_page_cache(
    client, publication, django_assert_max_num_queries
):
    """
    The page cache keeps whole anonymous pages in memory and in the shared cache; a download
    is a streaming response, which `page_cache.cacheable` refuses, so every request streams the
    file from storage again.
    """
    data = files.pdf() + b"%" + b"0" * (5 * 1024 * 1024)
    attachment = attach(publication, data, "大文件.pdf")
    url = attachment.get_absolute_url()
    for _ in range(2):
        with django_assert_max_num_queries(3):  # +2: the content version, the unit
            response = client.get(url)
        assert response.status_code == 200
        assert response.streaming
        assert "ETag" not in response
        streamed = io.BytesIO()
        for chunk in response.streaming_content:
            streamed.write(chunk)
        assert streamed.getvalue() == data
    request = RequestFactory().get(url)
    version = page_cache.current_version()
    key = page_cache.page_key(request, version)
    assert page_cache.local_get(key) is None
    assert page_cache.cache.get(key) is None


def test_the_publication_page_itself_is_cached_for_the_public(
    client, publication, django_assert_num_queries
):
    client.get(publication.get_absolute_url())
    with django_assert_num_queries(1):  # the content version only
        response = client.get(publication.get_absolute_url())
    assert response.status_code == 200
    assert "ETag" in response
