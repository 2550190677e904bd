"""
Rate limits of the public forms: one counter per form, failures-only lookups, and a cache fault.

The fault is real: a private redis-server on a free port, stopped during the test (never the
shared one). While it is down every public form still takes a citizen's submission, and the
worker's own counter (publicforms.limits) still stops a flood.
"""

import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.urls import reverse

from consultations.models import Comment
from inforequests.models import InfoRequest
from inquiries.models import Message
from publicforms import limits
from tests.consultations.test_consultations import open_today
from tests.factories import make_column
from tests.inforequests.helpers import make_request
from tests.inforequests.test_public import GOOD

pytestmark = pytest.mark.django_db

NO_PERSISTENCE = ["--save", "", "--appendonly", "no"]
MESSAGE = {"subject": "低保申请", "question": "请问要带哪些材料？", "contact": "13812345678"}
COMMENT = {"contact": "13812345678", "body": "第三条的标准建议提高。"}


@pytest.fixture
def columns():
    return {5: make_column(name="意见征集", number=5), 6: make_column(name="意见反馈", number=6)}


@pytest.fixture(autouse=True)
def fresh_worker_counts():
    limits._local.clear()
    yield
    limits._local.clear()


@pytest.fixture
def private_redis(settings):
    """A redis-server of this test's own, the default cache pointing at it; stopped after."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", *NO_PERSISTENCE],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(100):
        try:
            redis.Redis.from_url(url).ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    }
    yield server
    server.terminate()
    server.wait(timeout=10)


def stop(server):
    server.terminate()
    server.wait(timeout=10)


def test_every_public_form_takes_a_submission_while_the_cache_is_down(
    client, columns, private_redis
):
    consultation = open_today(columns)
    case = make_request(phone="13800005678")
    assert client.post(reverse("inquiries:message-form"), MESSAGE).status_code == 302  # up
    stop(private_redis)
    assert client.post(reverse("inquiries:message-form"), MESSAGE).status_code == 302
    assert client.post(consultation.get_absolute_url(), COMMENT).status_code == 302
    assert client.post(reverse("inforequests:apply"), GOOD).status_code == 302
    lookup = {"code": case.query_code, "digits": "5678"}
    found = client.post(reverse("inforequests:status"), lookup)
    assert found.status_code == 200 and "申请办理状态" in found.content.decode()
    assert (Message.objects.count(), Comment.objects.count()) == (2, 1)
    assert InfoRequest.objects.count() == 2


def test_while_the_cache_is_down_the_worker_still_counts(client, settings, private_redis):
    settings.PORTAL_FORM_RATE = "2/h"
    stop(private_redis)
    url = reverse("inquiries:message-form")
    assert [client.post(url, MESSAGE).status_code for _ in range(3)] == [302, 302, 429]
    assert Message.objects.count() == 2


def test_each_form_has_its_own_counter(client, columns, settings):
    settings.PORTAL_FORM_RATE = "1/h"
    consultation = open_today(columns)
    assert client.post(reverse("inquiries:message-form"), MESSAGE).status_code == 302
    assert client.post(consultation.get_absolute_url(), COMMENT).status_code == 302
    assert client.post(reverse("inquiries:message-form"), MESSAGE).status_code == 429
    assert client.post(consultation.get_absolute_url(), COMMENT).status_code == 429


def test_others_failures_never_lock_the_owner_out_of_the_lookup(client, settings):
    settings.INFOREQUESTS_LOOKUP_RATE = "3/h"
    settings.INFOREQUESTS_LOOKUP_CODE_RATE = "3/h"
    case = make_request(phone="13800005678")
    url = reverse("inforequests:status")
    for address in ("10.0.0.7", "10.0.0.8", "10.0.0.9"):
        for _ in range(5):
            client.post(url, {"code": case.query_code, "digits": "0000"}, REMOTE_ADDR=address)
    guessed = client.post(url, {"code": case.query_code, "digits": "5678"}, REMOTE_ADDR="10.0.0.9")
    assert guessed.status_code == 429 and "申请办理状态" not in guessed.content.decode()
    for _ in range(5):  # the owner, from their own address; successes never count
        owner = client.post(url, {"code": case.query_code, "digits": "5678"})
        assert owner.status_code == 200 and "申请办理状态" in owner.content.decode()


def test_a_known_code_is_limited_per_address_apart_from_other_codes(client, settings):
    settings.INFOREQUESTS_LOOKUP_RATE = "10/h"
    settings.INFOREQUESTS_LOOKUP_CODE_RATE = "2/h"
    case = make_request(phone="13800005678")
    url = reverse("inforequests:status")
    for _ in range(2):
        client.post(url, {"code": case.query_code, "digits": "0000"})
    assert client.post(url, {"code": case.query_code, "digits": "5678"}).status_code == 429
    other = make_request(phone="13800001234")
    assert client.post(url, {"code": other.query_code, "digits": "1234"}).status_code == 200
