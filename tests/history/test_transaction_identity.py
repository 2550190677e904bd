"""
history.records._transaction reads which transaction is under way from Django's connection
(`atomic_blocks`: no public API says it). These tests fail loudly if Django changes it.
"""

import pytest
from django.db import transaction

from history.records import _transaction

pytestmark = pytest.mark.django_db(transaction=True)


def test_none_outside_a_transaction():
    assert _transaction() is None


def test_the_same_within_one_transaction_and_another_in_the_next():
    with transaction.atomic():
        first = _transaction()
        with transaction.atomic():
            assert _transaction() is first  # a savepoint is still the same transaction
    assert first is not None
    with transaction.atomic():
        assert _transaction() is not first
