"""`manage.py check_links` against a local HTTP server with good and broken links."""

import http.server
import io
import threading
import time

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from publications.models import Attachment, Publication
from selfcheck import links
from selfcheck.models import BrokenLink
from selfcheck.rules import Rule, find_problems, run
from tests.factories import make_publication
from tests.publications import files

pytestmark = pytest.mark.django_db


class Handler(http.server.BaseHTTPRequestHandler):
    requests = []

    def _answer(self, body):
        Handler.requests.append((self.command, self.path, time.monotonic()))
        if self.path.startswith("/good"):
            self.send_response(200)
        elif self.path.startswith("/no-head") and self.command == "HEAD":
            self.send_response(405)
        elif self.path.startswith("/no-head"):
            self.send_response(200)
        elif self.path.startswith("/slow"):
            time.sleep(1.5)
            self.send_response(200)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "2" if body else "0")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self):
        self._answer(False)

    def do_GET(self):
        self._answer(True)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    Handler.requests = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)  # a free port
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def site_host(settings):
    settings.ALLOWED_HOSTS = ["portal.example", "testserver"]


def checker(**kwargs):
    kwargs.setdefault("timeout", 0.5)
    kwargs.setdefault("delay", 0)
    return links.Checker(**kwargs)


def test_good_and_broken_links_internal_and_external(server):
    target = make_publication(title="现行文件")
    draft = make_publication(title="草稿", status=Publication.Status.DRAFT)
    body = "\n\n".join(
        [
            f"[好的外链]({server}/good)",
            f"[坏的外链]({server}/missing)",
            f"[拒绝 HEAD]({server}/no-head)",
            f"[站内有效](/publications/{target.pk}/)",
            f"[站内绝对地址](https://portal.example/publications/{target.pk}/)",
            f"[站内草稿](/publications/{draft.pk}/)",
            "[站内不存在](/no-such-page/)",
            "[邮件](mailto:mzj@example.gov.cn)",
        ]
    )
    source = make_publication(title="含链接的信息", body=body)
    broken = links.find_broken(checker())
    found = {(item.url, item.problem) for item in broken}
    assert found == {
        (f"{server}/missing", "返回 404"),
        (f"/publications/{draft.pk}/", "站内页面返回 404"),
        ("/no-such-page/", "站内页面返回 404"),
    }
    assert {item.publication_id for item in broken} == {source.pk}


def test_an_external_link_that_times_out_is_broken(server):
    make_publication(body=f"[慢]({server}/slow)")
    (item,) = links.find_broken(checker(timeout=0.3))
    assert item.problem == "连接超时"


def test_requests_to_one_host_are_paced(server):
    make_publication(
        body=f"[一]({server}/good/1)\n\n[二]({server}/good/2)\n\n[一]({server}/good/1)"
    )
    links.find_broken(checker(delay=0.3))
    times = [at for _, _, at in Handler.requests]
    assert len(times) == 2  # the repeated link is asked once
    assert times[1] - times[0] >= 0.3


def test_an_attachment_whose_file_is_gone_is_broken():
    publication = make_publication()
    good = Attachment.objects.create(
        publication=publication, file=ContentFile(files.pdf(), name="好.pdf")
    )
    gone = Attachment.objects.create(
        publication=publication, file=ContentFile(files.pdf(), name="坏.pdf")
    )
    gone.file.storage.delete(gone.file.name)
    broken = links.find_broken(checker())
    assert [(item.attachment_id, item.kind) for item in broken] == [(gone.pk, "attachment")]
    assert broken[0].problem == "附件下载返回 404"
    assert good.pk not in {item.attachment_id for item in broken}


def test_the_command_records_the_broken_ones_and_the_selfcheck_lists_them(server, settings):
    settings.PORTAL_LINK_CHECK_DELAY = 0
    settings.PORTAL_LINK_CHECK_TIMEOUT = 0.5
    source = make_publication(title="含坏链接的信息", body=f"[坏]({server}/missing)")
    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("check_links", stdout=out)
    assert exited.value.code == 1
    assert "失效 1 个" in out.getvalue()
    (row,) = BrokenLink.objects.all()
    first_found = row.first_found
    (problem,) = [p for p in find_problems() if p.rule == Rule.BROKEN_LINK]
    assert problem.subject == "含坏链接的信息" and f"{server}/missing" in problem.detail
    assert not run().verdict.passed
    # A second run keeps when it was first found; once fixed, the list is empty.
    with pytest.raises(SystemExit):
        call_command("check_links", stdout=io.StringIO())
    assert BrokenLink.objects.get().first_found == first_found
    source.body = f"[好]({server}/good)"
    source.save()
    call_command("check_links", stdout=io.StringIO())
    assert not BrokenLink.objects.exists()
    assert [p for p in find_problems() if p.rule == Rule.BROKEN_LINK] == []
