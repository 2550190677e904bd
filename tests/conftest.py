import uuid

import pytest
import redis


@pytest.fixture
def staff_user(django_user_model):
    """A superuser clerk for admin tests."""
    return django_user_model.objects.create_superuser(
        "clerk", "clerk@example.gov.cn", "pw-清单-2026"
    )


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture(autouse=True)
def page_cache_per_test(settings, tmp_path):
    """
    Give each test a cache of its own, so no test is served a page another test cached.

    On Redis (REDIS_URL set) the test keeps Redis under a key prefix of its own, removed after;
    otherwise it gets a file cache in its own directory, as production has without Redis.
    """
    # Each test's database starts from the same content version: forget the pages of the last.
    from pagecache.middleware import local_clear

    local_clear()
    default = settings.CACHES["default"]
    if default["BACKEND"].endswith("RedisCache"):
        prefix = f"test-{uuid.uuid4().hex}"
        settings.CACHES = {"default": {**default, "KEY_PREFIX": prefix}}
        yield
        client = redis.Redis.from_url(default["LOCATION"])
        for key in client.scan_iter(match=f"{prefix}:*"):
            client.delete(key)
    else:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(tmp_path / "page-cache"),
            }
        }
        yield


@pytest.fixture(autouse=True)
def media_per_test(settings, tmp_path):
    """Store each test's uploaded attachments in a directory of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def calendar_per_test():
    """
    Read the working-day calendar afresh in each test.

    A process keeps the calendar until its version changes; a test's rolled-back transaction
    does not change it back, so each test starts with what the database holds.
    """
    from workdays import calendar

    calendar.forget()
    yield
    calendar.forget()


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config, log):
    """Share the tests between xdist's workers as tests/xdist_order.py says (--dist loadfile)."""
    if config.getvalue("dist") == "loadfile":
        from tests.xdist_order import DjangoOrderScheduling

        return DjangoOrderScheduling(config, log)
    return None
