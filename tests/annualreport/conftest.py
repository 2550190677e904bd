"""The review's four roles, for the report's revisions (tests/review/conftest.py)."""

from tests.review.conftest import people  # noqa: F401
