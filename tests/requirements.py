"""What to do when a test's outside requirement (chromium, axe-core, Redis) is absent."""

import os

import pytest


def missing(reason):
    """Skip on a developer's machine; fail in CI, where `make test` installs everything."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: CI must provide it")
    pytest.skip(reason)
