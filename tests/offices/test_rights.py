"""offices.rights: who is unrestricted, each model's scope, may_change, the review hook."""

import pytest
from django.contrib.auth.models import Group

from catalogue.models import DisclosureItem, Domain
from columns.models import Column
from offices import rights
from publications.models import Attachment, Publication
from review import roles, workflow
from tests.factories import make_column, make_publication

pytestmark = pytest.mark.django_db


def codenames(role):
    group = Group.objects.get(name=role)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_the_head_the_leaders_and_the_site_administrators_are_not_bound_to_offices():
    for role in (roles.HEAD, roles.LEADER, roles.SITE_ADMIN):
        assert rights.MANAGE_ALL_OFFICES in codenames(role), role
    assert rights.MANAGE_ALL_OFFICES not in codenames(roles.CLERK)


def test_who_is_unrestricted(world, django_user_model):
    superuser = django_user_model.objects.create_superuser("root", "root@example.gov.cn", "x")
    assert rights.is_unrestricted(superuser)
    assert rights.is_unrestricted(world.head)
    assert rights.is_unrestricted(world.leader)
    assert not rights.is_unrestricted(world.clerk_a)
    assert not rights.is_unrestricted(world.clerk_none)
    world.head.is_active = False
    assert not rights.is_unrestricted(world.head)


def test_offices_of_a_user(world):
    assert list(rights.offices_of(world.clerk_a)) == [world.office_a]
    assert not rights.offices_of(world.clerk_none).exists()
    assert rights.has_office(world.clerk_a) and not rights.has_office(world.clerk_none)


def test_each_scope_holds_the_own_offices_rows(world):
    clerk = world.clerk_a
    assert list(rights.scope(clerk, Domain.objects.all())) == [world.domain_a]
    assert list(rights.scope(clerk, DisclosureItem.objects.all())) == [world.item_a]
    assert set(rights.scope(clerk, Column.objects.all())) == {world.column_a, world.shared}
    assert list(rights.scope(clerk, Publication.objects.all())) == [world.pub_a]
    assert list(rights.scope(clerk, DisclosureItem.objects.filter(status="published"))) == []
    assert list(rights.scope(clerk, Publication.objects.all())) == [world.pub_a]


def test_the_head_sees_every_office_and_a_clerk_without_an_office_nothing(world):
    assert set(rights.scope(world.head, DisclosureItem.objects.all())) == {
        world.item_a,
        world.item_b,
    }
    assert set(rights.scope(world.head, Column.objects.all())) == set(Column.objects.all())
    for model in (Domain, DisclosureItem, Column, Publication):
        assert not rights.scope(world.clerk_none, model.objects.all()).exists()


def test_a_collective_column_belongs_to_the_offices_it_is_assigned_to(world):
    assert world.shared in rights.scope(world.clerk_a, Column.objects.all())
    assert world.shared not in rights.scope(world.clerk_b, Column.objects.all())
    world.shared.assigned_offices.add(world.office_b)
    # Assigned to both of a user's offices, it is still listed once (no join duplicates).
    world.office_b.members.add(world.clerk_a)
    assert list(rights.scope(world.clerk_a, Column.objects.all())).count(world.shared) == 1
    assert world.shared in rights.scope(world.clerk_b, Column.objects.all())


def test_an_assignment_does_not_make_an_office_column_anyone_elses(world):
    # 承办科室 counts only for collective owners; an office's column stays that office's.
    world.column_b.assigned_offices.add(world.office_a)
    assert world.column_b not in rights.scope(world.clerk_a, Column.objects.all())


def test_a_grouping_column_is_nobodys_to_change(world):
    grouping = make_column(name="分组", owner_kind=Column.OwnerKind.NONE)
    grouping.assigned_offices.add(world.office_a)
    assert grouping not in rights.scope(world.clerk_a, Column.objects.all())


def test_may_change_follows_the_scopes(world):
    clerk = world.clerk_a
    assert rights.may_change(clerk, world.item_a)
    assert not rights.may_change(clerk, world.item_b)
    assert rights.may_change(clerk, world.column_a)
    assert rights.may_change(clerk, world.shared)
    assert not rights.may_change(clerk, world.column_b)
    assert rights.may_change(clerk, world.pub_a)
    assert not rights.may_change(clerk, world.pub_b)
    assert rights.may_change(clerk, world.domain_a)
    assert not rights.may_change(clerk, world.domain_b)
    assert rights.may_change(clerk, Attachment(publication=world.pub_a))
    assert not rights.may_change(clerk, Attachment(publication=world.pub_b))
    # Unsaved objects: a new item in an own domain, a new column of the own office.
    assert rights.may_change(clerk, DisclosureItem(domain=world.domain_a))
    assert not rights.may_change(clerk, DisclosureItem(domain=world.domain_b))
    assert rights.may_change(clerk, Column(owner_office=world.office_a))
    assert not rights.may_change(clerk, Column(owner_office=world.office_b))
    for obj in (world.item_b, world.column_b, world.pub_b):
        assert rights.may_change(world.head, obj)
        assert not rights.may_change(world.clerk_none, obj)
    # Anything else is refused to a restricted user.
    assert not rights.may_change(clerk, world.office_a)


def test_may_change_reads_a_users_ids_once(world, django_assert_num_queries):
    clerk = type(world.clerk_a).objects.get(pk=world.clerk_a.pk)
    clerk.get_all_permissions()  # Django's own permission cache, filled once
    publications = [make_publication(column=world.column_a, status="draft") for _ in range(5)]
    # The user's units and the ids of items and of publications in them; offices, domains,
    # columns: six, whatever the number of objects.
    with django_assert_num_queries(6):
        for obj in [world.item_a, world.item_b, *publications, world.column_b]:
            rights.may_change(clerk, obj)


def test_the_review_hook_is_the_office_rule(world):
    assert workflow.may_act_on(world.clerk_a, world.item_a)
    assert not workflow.may_act_on(world.clerk_a, world.item_b)
    assert not workflow.may_act_on(world.clerk_a, world.pub_b)
    assert workflow.may_act_on(world.head, world.item_b)
    assert workflow.may_act_on(world.leader, world.pub_b)


def test_a_clerk_submits_only_own_objects(world):
    with pytest.raises(workflow.ReviewRefused, match="您不能提交审核"):
        workflow.submit(world.clerk_a, world.item_b)
    with pytest.raises(workflow.ReviewRefused, match="您不能提交审核"):
        workflow.submit(world.clerk_a, world.pub_b)
    world.item_b.refresh_from_db()
    assert world.item_b.status == "draft"
    workflow.submit(world.clerk_a, world.item_a)
    workflow.submit(world.clerk_a, world.pub_a)
    assert world.item_a.status == "submitted" and world.pub_a.status == "submitted"
    assert workflow.available_actions(world.clerk_a, world.item_b) == []


def test_the_head_checks_every_offices_objects(world):
    workflow.submit(world.clerk_b, world.item_b)
    workflow.check(world.head, world.item_b)
    assert world.item_b.status == "checked"


def test_a_clerk_cannot_save_a_revision_of_another_offices_published_item(world):
    world.item_b.status = "published"
    world.item_b.save()
    with pytest.raises(workflow.ReviewRefused, match="您不能修改"):
        workflow.save_revision(world.clerk_a, world.item_b, {"level2": "改"})
