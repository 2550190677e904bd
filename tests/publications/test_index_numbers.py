"""索引号: format, per-month running numbers, never reused, distinct under concurrency."""

import datetime
import threading

import pytest
from django.db import connection, connections, transaction

from publications.models import IndexSequence, Publication
from tests.content_units import TOWN_CODE, county, make_town
from tests.factories import make_column, make_office, make_publication

d = datetime.date


@pytest.mark.django_db
def test_format_is_code_slash_year_month_dash_five_digits():
    publication = make_publication(published_on=d(2023, 11, 5))
    assert publication.index_number == "11341700003244799H/202311-00001"


@pytest.mark.django_db
def test_numbers_run_on_within_a_month_and_restart_the_next():
    column = make_column()
    numbers = [
        make_publication(column, published_on=day).index_number
        for day in (d(2026, 3, 1), d(2026, 3, 31), d(2026, 4, 1), d(2026, 3, 15))
    ]
    assert [number.rsplit("/", 1)[1] for number in numbers] == [
        "202603-00001",
        "202603-00002",
        "202604-00001",
        "202603-00003",
    ]


@pytest.mark.django_db
def test_drafts_take_no_number_until_published():
    draft = make_publication(status=Publication.Status.DRAFT, published_on=d(2026, 5, 6))
    assert draft.index_number == ""
    assert not IndexSequence.objects.exists()
    draft.status = Publication.Status.PUBLISHED
    draft.save()
    assert draft.index_number.endswith("/202605-00001")


@pytest.mark.django_db
def test_publishing_without_a_date_dates_it_today_and_numbers_it(settings):
    draft = make_publication(status=Publication.Status.DRAFT)
    draft.status = Publication.Status.PUBLISHED
    draft.save(update_fields=["status"])
    draft.refresh_from_db()
    assert draft.published_on is not None
    assert draft.index_number.endswith(f"/{draft.published_on:%Y%m}-00001")


@pytest.mark.django_db
def test_a_number_is_kept_when_the_date_changes_and_never_reused_after_delete():
    column = make_column()
    first = make_publication(column, published_on=d(2026, 6, 1))
    second = make_publication(column, published_on=d(2026, 6, 2))
    assert second.index_number.endswith("-00002")
    second.published_on = d(2026, 7, 9)
    second.save()
    second.refresh_from_db()
    assert second.index_number.endswith("/202606-00002")
    second.delete()
    first.delete()
    third = make_publication(column, published_on=d(2026, 6, 3))
    assert third.index_number.endswith("/202606-00003")


@pytest.mark.django_db
def test_numbers_beyond_five_digits_still_grow():
    IndexSequence.objects.create(unit=county(), period="202608", last=99999)
    assert IndexSequence.objects.allocate(d(2026, 8, 1), county()).endswith("/202608-100000")


@pytest.mark.django_db
def test_the_code_is_the_units():
    unit = county()
    unit.code = "11341700003244803B"
    unit.save()
    assert make_publication(published_on=d(2026, 1, 2)).index_number == (
        "11341700003244803B/202601-00001"
    )


@pytest.mark.django_db
def test_two_units_publishing_in_one_month_count_each_on_their_own():
    town = make_town()
    town_column = make_column(unit=town, owner_office=make_office(unit=town))
    county_column = make_column()
    numbers = [
        make_publication(column, published_on=day).index_number
        for column, day in (
            (county_column, d(2026, 3, 2)),
            (town_column, d(2026, 3, 3)),
            (county_column, d(2026, 3, 4)),
            (town_column, d(2026, 3, 5)),
            (town_column, d(2026, 4, 1)),
        )
    ]
    assert numbers == [
        "11341700003244799H/202603-00001",
        f"{TOWN_CODE}/202603-00001",
        "11341700003244799H/202603-00002",
        f"{TOWN_CODE}/202603-00002",
        f"{TOWN_CODE}/202604-00001",
    ]
    counters = IndexSequence.objects.order_by("unit_id", "period").values_list(
        "unit__code", "period", "last"
    )
    assert list(counters) == [
        ("11341700003244799H", "202603", 2),
        (TOWN_CODE, "202603", 2),
        (TOWN_CODE, "202604", 1),
    ]


@pytest.mark.django_db
def test_a_publication_is_issued_in_its_columns_unit_name():
    town = make_town()
    column = make_column(unit=town, owner_office=make_office(unit=town))
    assert make_publication(column).issuer == "示范县城关镇人民政府"
    assert make_publication().issuer == county().name


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises every write; the race needs PostgreSQL's concurrent transactions",
)
def test_concurrent_publishing_in_one_month_gets_distinct_numbers():
    """
    Eight connections publish at once, each in its own transaction, into a month whose counter
    row does not exist yet: both the row's creation and the increments race.
    """
    column = make_column()
    threads, per_thread = 8, 5
    barrier = threading.Barrier(threads)
    numbers, errors = [], []
    lock = threading.Lock()

    def publish():
        try:
            barrier.wait()
            for _ in range(per_thread):
                with transaction.atomic():
                    publication = Publication.objects.create(
                        column=column,
                        title="并发发布",
                        status=Publication.Status.PUBLISHED,
                        published_on=d(2026, 9, 15),
                    )
                with lock:
                    numbers.append(publication.index_number)
        except Exception as error:  # reported below; a thread's exception would be lost
            errors.append(error)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=publish) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert errors == []
    assert len(numbers) == threads * per_thread
    assert sorted(numbers) == [
        f"11341700003244799H/202609-{n:05d}" for n in range(1, threads * per_thread + 1)
    ]
    assert IndexSequence.objects.get(period="202609").last == threads * per_thread
