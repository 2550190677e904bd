import pytest
from django.utils import timezone

from tests.factories import enter_test_schedule


@pytest.fixture
def next_year_entered(db):
    """
    Next year's holiday schedule is entered (made-up test data).

    From 1 November the self-check asks for next year's schedule; tests about other rules that
    run on today's date enter it, so that only their own problems are listed.
    """
    return enter_test_schedule(timezone.localdate().year + 1)
