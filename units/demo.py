"""
Demo units (演示数据): their identity, and their removal with everything in them.

The loaders that fill demo units with catalogues, columns and publications stand above the
content they write (disclosure.demo_units); what only concerns units is here: a valid 统一社会信用代码
for a made-up unit, and deleting a set of units with every row of every app that belongs to
them. The removal knows no app: it walks the models that declare `unit_path` (units.access), so
a model added later is removed with its unit without anyone remembering to list it.
"""

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import SET_NULL, FileField
from stdnum.cn import uscc

from units.access import descendant_ids, is_unit_owned, owned_by
from units.models import Unit


class DemoUnitsError(ValueError):
    """The demo units cannot be loaded or removed; the message is a Chinese sentence."""


def demo_code(region, serial, series="D"):
    """
    A valid 统一社会信用代码 for a demo unit: 登记管理部门 1 (机构编制) and 机构类别 1 (机关), the
    6-digit region, a made-up 9-character organisation code (`series` + 8 digits) and the
    check character of GB 32100-2015 (python-stdnum).
    """
    body = f"11{region}{series}{serial:08d}"
    return body + uscc.calc_check_digit(body)


def demo_units():
    return Unit.objects.filter(is_demo=True)


def owned_models():
    """Every installed model a unit owns (units.access), the Unit model left out."""
    return [model for model in apps.get_models() if is_unit_owned(model) and model is not Unit]


def remove_demo(units):
    """
    Remove the demo `units` with everything in them (remove); refused when a unit that is not
    demo data stands below one of them, which removing would take with it.
    """
    ids = set(units.values_list("pk", flat=True))
    below = Unit.objects.filter(pk__in=descendant_ids(ids), is_demo=False)
    if below.exists():
        names = "、".join(below.values_list("name", flat=True))
        raise DemoUnitsError(
            f"演示单位下有正式单位（{names}），演示单位未删除；请先在后台调整其上级单位。"
        )
    return remove(units)


def remove(units):
    """
    Delete `units`, every unit below them and every row that belongs to one of them; return
    {model label: rows deleted}.

    A row goes with the history it kept (django-simple-history), its many-to-many links, the
    rows that point at it generically (a review step, a revision) and its stored files, so
    nothing of a removed unit is left to show in the admin. Rows are deleted by one statement
    per table (no per-row signals: a city of 100 counties holds tens of thousands), the rows
    whose unit is further away first, since their path to the unit runs through the others;
    the foreign keys are checked when the transaction commits. The units themselves are
    deleted as usual, so whatever listens to a unit's deletion (the page cache) hears of it.
    """
    ids = set(units.values_list("pk", flat=True))
    ids |= descendant_ids(ids)
    counts = {}
    files = []
    with transaction.atomic():
        for model in sorted(owned_models(), key=lambda m: -m.unit_path.count("__")):
            rows = model._base_manager.filter(owned_by(model, ids))
            deleted = _delete_rows(model, rows, files)
            if deleted:
                counts[model._meta.label] = deleted
        counts["units.Unit"] = _delete_tree(Unit.objects.filter(pk__in=ids))
        transaction.on_commit(lambda: _delete_files(files))
    return counts


def _delete_rows(model, rows, files):
    """Delete `rows` of `model` with their links, history and files (remembered in `files`)."""
    count = rows.count()
    if not count:
        return 0
    pks = rows.values("pk")
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    for linking in apps.get_models():
        for field in linking._meta.private_fields:
            if isinstance(field, GenericForeignKey):
                linking._base_manager.filter(
                    **{field.ct_field: content_type, f"{field.fk_field}__in": pks}
                ).delete()
    history = getattr(model._meta, "simple_history_manager_attribute", None)
    if history:
        records = getattr(model, history).model
        mine = records._base_manager.filter(**{f"{model._meta.pk.attname}__in": pks})
        _links_to(records, mine.values("pk"))
        _raw_delete(mine)
    _links_to(model, pks)
    for field in model._meta.concrete_fields:
        if isinstance(field, FileField):
            names = rows.exclude(**{field.attname: ""}).values_list(field.attname, flat=True)
            files.extend((field.storage, name) for name in names)
    _raw_delete(rows)
    return count


def _links_to(model, pks):
    """Delete the many-to-many rows of the rows `pks` of `model` and null what points at them."""
    for field in model._meta.many_to_many:
        through = field.remote_field.through
        source = field.m2m_field_name()
        _raw_delete(through._base_manager.filter(**{f"{source}__in": pks}))
    for relation in model._meta.related_objects:
        if relation.many_to_many:
            through = relation.through
            target = relation.field.m2m_reverse_field_name()
            _raw_delete(through._base_manager.filter(**{f"{target}__in": pks}))
        elif relation.on_delete is SET_NULL:
            pointing = relation.related_model._base_manager.filter(
                **{f"{relation.field.name}__in": pks}
            )
            pointing.update(**{relation.field.name: None})
        elif relation.related_model._meta.auto_created or not is_unit_owned(relation.related_model):
            # A table of links that is not a unit's own (a record's links): they go with it.
            _raw_delete(
                relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": pks})
            )


def _raw_delete(queryset):
    """One DELETE statement, no signals and no cascade (the caller deletes what depends)."""
    queryset._raw_delete(queryset.db)


def _delete_files(files):
    for storage, name in files:
        storage.delete(name)


def _delete_tree(queryset):
    """
    Delete `queryset`, the leaves of a self-referencing tree first (a protected parent link
    refuses a parent deleted together with its children).
    """
    model = queryset.model
    children = [
        relation.name
        for relation in model._meta.related_objects
        if relation.related_model is model and relation.one_to_many
    ]
    deleted = 0
    while True:
        leaves = queryset
        for name in children:
            leaves = leaves.filter(**{f"{name}__isnull": True})
        batch = leaves.count()
        if not batch:
            break
        # A queryset that deletes stored files with the rows (publications) is asked to.
        rows = model._default_manager.filter(pk__in=leaves.values("pk"))
        delete = getattr(rows, "delete_with_files", None)
        delete() if delete else model._base_manager.filter(pk__in=leaves.values("pk")).delete()
        deleted += batch
    if queryset.exists():
        raise DemoUnitsError(f"演示单位的{model._meta.verbose_name}有循环引用，未删除。")
    return deleted
