"""
The whole-page cache of the public pages: hits, invalidation on every kind of change (in this
process and across processes), 304 answers, no cookies, staff and the admin never cached.
"""

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client, RequestFactory
from django.utils.http import http_date, parse_http_date

from catalogue.models import Channel, DisclosureItem
from pagecache import middleware as page_cache
from pagecache.models import ContentVersion
from tests.factories import make_channels, make_column, make_domain, make_item, make_office
from tests.requirements import missing

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def html(response):
    return response.content.decode()


@pytest.fixture
def item():
    return make_item(
        domain=make_domain(name="社会救助", slug="social-assistance"), level1="最低生活保障"
    )


def public_urls(item, column):
    return [
        "/",
        item.domain.get_absolute_url(),
        item.get_absolute_url(),
        "/search/?q=最低生活保障",
        "/search/?q=没有这个词",
        "/columns/",
        column.get_absolute_url(),
    ]


def test_second_read_is_served_from_the_cache_with_one_query(
    client, item, django_assert_num_queries
):
    url = item.domain.get_absolute_url()
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(1):  # the content version only
        second = client.get(url)
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["ETag"] == first["ETag"]
    assert second["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert second["Last-Modified"]
    assert second["X-Frame-Options"] == "DENY"
    # Set outside the cache on every answer, so a stored page need not keep them.
    for header in (
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "Content-Security-Policy",
    ):
        assert second[header] == first[header], header


def test_head_is_answered_from_the_cached_page(client, item):
    url = item.get_absolute_url()
    page = client.get(url)
    head = client.head(url)
    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Length"] == str(len(page.content))
    assert head["ETag"] == page["ETag"]


def test_saving_an_item_changes_every_cached_page(client, item):
    column = make_column(name="社会救助政策")
    item.columns.add(column)
    urls = [
        "/",
        item.domain.get_absolute_url(),
        item.get_absolute_url(),
        "/search/?q=最低生活保障",
        column.get_absolute_url(),
    ]
    for url in urls:
        assert "最低生活保障" in html(client.get(url)), url
    item.level1 = "特困人员救助供养"
    item.save()
    for url in urls[:3] + urls[4:]:
        assert "特困人员救助供养" in html(client.get(url)), url
    assert item.get_absolute_url() in html(client.get("/search/?q=特困"))
    assert item.get_absolute_url() not in html(client.get("/search/?q=最低生活保障"))


def test_unpublishing_and_deleting_drop_the_item_from_cached_pages(client, item):
    url = item.domain.get_absolute_url()
    assert "最低生活保障" in html(client.get(url))
    item.status = DisclosureItem.Status.DRAFT
    item.save()
    assert "最低生活保障" not in html(client.get(url))
    assert client.get(item.get_absolute_url()).status_code == 404

    other = make_item(domain=item.domain, level1="临时救助")
    assert "临时救助" in html(client.get(url))
    other.delete()
    assert "临时救助" not in html(client.get(url))


def test_channel_links_domain_and_channel_changes_drop_cached_pages(client, item):
    url = item.get_absolute_url()
    make_channels()
    assert "公开查阅点" in html(client.get(url))
    before = client.get(url)["ETag"]

    item.channels.add(Channel.objects.get(name="公开查阅点"))  # m2m_changed
    assert client.get(url)["ETag"] != before

    Channel.objects.filter(name="公开查阅点").update(name="x")  # no signal: still cached
    channel = Channel.objects.get(name="x")
    channel.name = "信息公开查阅点"
    channel.save()
    assert "信息公开查阅点" in html(client.get(url))

    domain = item.domain
    domain.name = "社会救助（新）"
    domain.save()
    assert "社会救助（新）" in html(client.get(url))


def test_column_and_office_changes_drop_cached_pages(client):
    office = make_office(name="社会救助科")
    column = make_column(name="低保政策", owner_office=office)
    url = column.get_absolute_url()
    assert "社会救助科" in html(client.get(url))
    office.name = "社会救助股"
    office.save()
    assert "社会救助股" in html(client.get(url))
    column.name = "低保政策文件"
    column.save()
    assert "低保政策文件" in html(client.get("/columns/"))
    column.delete()
    assert "低保政策文件" not in html(client.get("/columns/"))


def test_etag_answers_304_until_a_save(client, item):
    url = item.get_absolute_url()
    etag = client.get(url)["ETag"]
    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert client.get(url, headers={"if-none-match": f'"other", W/{etag}'}).status_code == 304
    assert client.get(url, headers={"if-none-match": '"other"'}).status_code == 200

    item.level2 = "办事指南"
    item.save()
    changed = client.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert "办事指南" in html(changed)
    assert changed["ETag"] != etag


def test_last_modified_answers_304_until_a_save_even_within_the_same_second(client, item):
    url = item.get_absolute_url()
    time.sleep(1 - time.time() % 1)  # a second of its own for the next change
    item.save()
    last_modified = client.get(url)["Last-Modified"]
    assert client.get(url, headers={"if-modified-since": last_modified}).status_code == 304
    older = http_date(0)
    assert client.get(url, headers={"if-modified-since": older}).status_code == 200

    item.level2 = "审核信息"
    item.save()  # likely in the same second as the page: the date cannot tell the two apart
    changed = client.get(url, headers={"if-modified-since": last_modified})
    assert changed.status_code == 200
    assert "审核信息" in html(changed)
    assert parse_http_date(changed["Last-Modified"]) <= time.time()


def test_staff_see_drafts_uncached_and_anonymous_readers_never_do(staff_client, item):
    client = Client()
    draft = make_item(domain=item.domain, level1="草稿事项", status=DisclosureItem.Status.DRAFT)
    url = item.domain.get_absolute_url()
    assert "草稿事项" in html(staff_client.get(url))
    assert "草稿事项" not in html(client.get(url))
    assert "草稿事项" in html(staff_client.get(url))
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert staff_client.get(draft.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_admin_is_never_cached(staff_client):
    client = Client()
    assert staff_client.get("/admin/").status_code == 200
    response = client.get("/admin/")
    assert response.status_code == 302  # the login redirect, not a staff page from the cache


def test_key_varies_only_on_the_two_display_cookies_normalised():
    factory = RequestFactory()

    def key(**cookies):
        request = factory.get("/catalogue/x/?page=2")
        request.COOKIES.update(cookies)
        return page_cache.page_key(request, (1, 7))

    plain = key()
    assert key(care="1") != plain
    assert key(care="2") != key(care="1")
    assert key(script="hant") != plain
    assert key(script="hans") != key(script="hant")
    assert key(care="9", script="latin") == plain  # unknown values mean the default
    assert key(other="x", csrftoken="y") == plain
    assert page_cache.page_key(factory.get("/catalogue/x/?page=3"), (1, 7)) != plain
    assert page_cache.page_key(factory.get("/catalogue/x/?page=2"), (1, 8)) != plain
    assert page_cache.page_key(factory.get("/catalogue/x/?page=2"), (2, 7)) != plain


def test_pages_with_display_cookies_are_cached_apart(client, item):
    url = item.get_absolute_url()
    plain = client.get(url)
    client.cookies["care"] = "1"
    client.get(url)
    client.cookies["care"] = ""
    assert client.get(url)["ETag"] == plain["ETag"]


def vary(response):
    return {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}


def test_public_pages_set_no_cookie_and_say_they_vary_on_cookies(client, item):
    """
    The 关怀版 and script cookies change the body, so a shared cache must key on the Cookie
    header (and the encoding): it can then never hand one mode's page to another.
    """
    column = make_column()
    for url in [*public_urls(item, column), "/no-such-page/"]:
        for attempt in (1, 2):  # rendered, then from the cache
            response = client.get(url)
            assert response.status_code in (200, 404), url
            assert not response.cookies, (url, attempt)
            assert "Set-Cookie" not in response, url
            assert "cookie" in vary(response), (url, attempt)
            if response.status_code == 200:
                assert "accept-encoding" in vary(response), (url, attempt)
                assert response["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert not client.cookies


def test_each_display_mode_has_its_own_etag_so_a_shared_cache_revalidates_apart(item):
    """A shared cache that kept the plain page and revalidates it for a 关怀版 reader gets 200."""
    url = item.get_absolute_url()
    plain = Client().get(url)
    care, hant = Client(), Client()
    care.cookies["care"] = "1"
    hant.cookies["script"] = "hant"
    for reader in (care, hant):
        response = reader.get(url, headers={"if-none-match": plain["ETag"]})
        assert response.status_code == 200
        assert response["ETag"] != plain["ETag"]
        assert response.content != plain.content
        assert "cookie" in vary(response)


def test_a_request_with_pending_messages_is_not_served_from_the_cache(client, item):
    url = item.get_absolute_url()
    client.get(url)
    assert page_cache.is_public_request(RequestFactory().get(url))
    request = RequestFactory().get(url)
    request.COOKIES["messages"] = "x"
    assert not page_cache.is_public_request(request)


# Across processes: a save in one process, a read in another


def run(env, code):
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


READ = """
from django.test import Client
from catalogue.models import DisclosureItem
item = DisclosureItem.objects.get()
print(Client(HTTP_HOST="localhost").get(item.get_absolute_url()).content.decode().count("{word}"))
"""


def cross_process_env(tmp_path, cache_env, database=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_URL"))}
    if database is not None:
        shutil.copyfile(database, tmp_path / "shared.sqlite3")
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    env["DJANGO_MEDIA_ROOT"] = str(tmp_path / "media")
    env.update(cache_env)
    return env


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """An SQLite database migrated once, in a process of its own; each test works on a copy."""
    folder = tmp_path_factory.mktemp("migrated")
    env = cross_process_env(folder, {"DJANGO_CACHE_DIR": str(folder / "cache")})
    run(
        env, "from django.core.management import call_command; call_command('migrate', verbosity=0)"
    )
    return folder / "shared.sqlite3"


def check_save_in_one_process_is_seen_by_another(env):
    run(
        env,
        "from tests.factories import make_item, make_domain;"
        "make_item(domain=make_domain(slug='d'), level1='最低生活保障')",
    )
    assert run(env, READ.format(word="最低生活保障")) != "0"  # a first process caches the page
    # Changed behind the cache's back (no signal): another process still gets the cached page,
    # so the cache really is shared between processes.
    run(
        env,
        "from catalogue.models import DisclosureItem;"
        "DisclosureItem.objects.update(level1='临时救助')",
    )
    assert run(env, READ.format(word="临时救助")) == "0"
    # A save in one process ...
    run(
        env,
        "from catalogue.models import DisclosureItem;"
        "item = DisclosureItem.objects.get(); item.level1 = '特困人员救助供养'; item.save()",
    )
    # ... is seen by the next read in any other.
    assert run(env, READ.format(word="特困人员救助供养")) != "0"
    assert run(env, READ.format(word="最低生活保障")) == "0"


def test_save_in_one_process_is_read_in_another_with_the_file_cache(tmp_path, migrated):
    env = cross_process_env(tmp_path, {"DJANGO_CACHE_DIR": str(tmp_path / "cache")}, migrated)
    check_save_in_one_process_is_seen_by_another(env)


def redis_url():
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception:
        return None
    return url


def test_save_in_one_process_is_read_in_another_with_redis(tmp_path, migrated):
    url = redis_url()
    if url is None:
        missing("no Redis answers (.ci/run starts one)")
    prefix = f"test-{uuid.uuid4().hex}"
    env = cross_process_env(tmp_path, {"REDIS_URL": url, "DJANGO_CACHE_PREFIX": prefix}, migrated)
    try:
        check_save_in_one_process_is_seen_by_another(env)
    finally:
        import redis

        client = redis.Redis.from_url(url)
        for key in client.scan_iter(match=f"{prefix}:*"):
            client.delete(key)


def test_the_version_is_written_in_the_change_s_own_transaction():
    """A rolled-back change leaves the version as it was; every change within one bumps it."""
    before = page_cache.current_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        make_item(level1="临时救助")
        assert page_cache.current_version() != before
        raise RuntimeError
    assert page_cache.current_version() == before
    item = make_item(channels=("政府网站", "公开查阅点"))
    after_create = page_cache.current_version()
    item.channels.clear()
    assert page_cache.current_version() != after_create


def test_a_bad_host_header_is_refused_without_a_traceback_from_the_page_cache(client, caplog):
    response = client.get("/", headers={"host": "evil.example"})
    assert response.status_code == 400
    # Django logs the refusal itself (django.security); the page cache has nothing to add.
    assert [r for r in caplog.records if r.name.startswith("pagecache")] == []


def test_last_modified_is_never_later_than_the_answer(client, item):
    url = item.domain.get_absolute_url()
    others = [make_item(domain=item.domain, level1=f"事项{n}") for n in range(5)]
    client.get(url)
    for other in others:
        other.delete()  # five changes within the same second
    response = client.get(url)
    assert parse_http_date(response["Last-Modified"]) <= time.time()


STATUS = """
from django.test import Client
from catalogue.models import DisclosureItem
print(Client(HTTP_HOST="localhost").get(DisclosureItem.objects.get().get_absolute_url()).status_code)
"""


def test_a_withdrawal_made_while_the_cache_is_down_is_served_by_every_other_process(
    tmp_path, migrated
):
    """The content version lives in the database, written in the change's own transaction."""
    env = cross_process_env(tmp_path, {"DJANGO_CACHE_DIR": str(tmp_path / "cache")}, migrated)
    run(
        env,
        "from tests.factories import make_item, make_domain;"
        "make_item(domain=make_domain(slug='d'), level1='最低生活保障')",
    )
    assert run(env, STATUS) == "200"  # a serving process caches the item's page
    # Another process, whose cache cannot be reached (nothing listens on port 9), withdraws it.
    unreachable = {**env, "REDIS_URL": "redis://127.0.0.1:9/0"}
    unreachable.pop("DJANGO_CACHE_DIR")
    run(
        unreachable,
        "from catalogue.models import DisclosureItem;"
        "item = DisclosureItem.objects.get(); item.status = 'draft'; item.save()",
    )
    assert run(env, STATUS) == "404"


@pytest.mark.django_db(transaction=True)
def test_the_version_read_gives_what_the_orm_gives():
    """The per-request read skips the ORM; it must still give the unit's and the platform's row."""
    from tests.pagecache.test_units import make_unit
    from units.models import Unit

    make_item(level1="临时救助")
    make_item(level1="医疗救助")
    home = Unit.objects.home()
    town = make_unit("dongshan", parent=home)
    make_item(domain=make_domain(unit=town), level1="医疗救助")
    version, changed, previous = ContentVersion.objects.state(home.pk)
    platform = ContentVersion.objects.get(unit=None).version
    assert ContentVersion.objects.for_request("") == (home.pk, version, platform)
    assert ContentVersion.objects.current(home.pk) == ContentVersion.objects.get(unit=home).version
    assert ContentVersion.objects.get(unit=home).version == version
    assert changed.tzinfo is not None and previous < changed
    town_version = ContentVersion.objects.get(unit=town).version
    assert ContentVersion.objects.for_request("dongshan") == (town.pk, town_version, platform)
    assert ContentVersion.objects.for_request("no-such-town") is None


def test_a_page_rendered_across_a_change_is_not_stored(client, item, monkeypatch):
    """The dates of a stored page are read after rendering; a change meanwhile leaves it unstored."""
    url = item.domain.get_absolute_url()
    before = page_cache.current_version()
    read = page_cache.current_version

    def read_then_change(request):
        version = read(request)
        make_item(domain=item.domain, level1="临时救助")  # a save while the page renders
        return version

    monkeypatch.setattr(page_cache, "current_version", read_then_change)
    assert client.get(url).status_code == 200
    monkeypatch.undo()
    key = page_cache.page_key(RequestFactory().get(url), before)
    assert page_cache.local_get(key) is None
    assert page_cache.cache.get(key) is None
    assert "临时救助" in html(client.get(url))  # and the next request renders the new page


def test_key_changes_with_the_day(monkeypatch):
    """Pages say where things stand today: yesterday's entry is never today's page."""
    import datetime

    from django.utils import timezone

    request = RequestFactory().get("/ledger/2026/")
    today = page_cache.page_key(request, (1, 7))
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    assert page_cache.page_key(request, (1, 7)) != today
