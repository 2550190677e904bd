"""
Every version of items, columns and publications (django-simple-history), and what changed.

Each save of a tracked model writes a historical record: who (the request's user through
simple-history's middleware, or the `_history_user` that the review steps and the import set
where there is no request), when, the kind of change and why (`_change_reason`). The admin shows
the records with a diff per field (review.history_admin); an old version is restored only
through the review (review.restore). The public item page reads `public_changes`: what changed
between the published versions, never drafts or pending revisions.
"""

from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import CharField, Value
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.utils import get_m2m_field_name, get_m2m_reverse_field_name

from reviewable.revisions import reviewed_fields
from reviewable.steps import PUBLISHED

FIRST_PUBLISHED = "首次发布"
# The change reason of the records written for rows that existed when history was turned on:
# where the history starts, not a change anybody made.
BASELINE = "启用变更记录时的版本"
IMPORT_REASON = "表格导入"
# Fields that change on every save or belong to the workflow: never "what changed".
NOT_COMPARED = {"status", "created_at", "updated_at", "index_number"}
_LINK_ACTIONS = ("post_add", "post_remove", "post_clear")


class PortalHistoricalRecords(HistoricalRecords):
    """
    HistoricalRecords where the links a form saves right after the row join the row's record.

    A model form saves the row, then its M2M links (a remove and an add per field); plain
    simple-history writes a record for each, so one edit would show as three versions, two of
    them half-done. Here, links changed on an instance whose record was written in the same
    transaction update that record's copy of the links instead. Outside a transaction, or in a
    later one, every change is a record of its own, as usual.
    """

    def create_historical_record_m2ms(self, history_instance, instance):
        super().create_historical_record_m2ms(history_instance, instance)
        block = _transaction()
        if history_instance._history_m2m_fields and block is not None:
            instance._history_record = (block, history_instance)

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        block, record = instance.__dict__.get("_history_record", (None, None))
        if block is not _transaction():
            record = None  # written in an earlier transaction: this change is a version of its own
        if (
            record is not None
            and not reverse
            and action in _LINK_ACTIONS
            and not hasattr(instance, "skip_history_when_saving")
        ):
            field = type(instance)._meta.get_field(attr)
            m2m_model = self.m2m_models[field]
            m2m_model.objects.filter(history=record).delete()
            _copy_links(m2m_model, field, [(record, instance.pk)])
            return
        if reverse:
            # Linked from the other side (channel.items.add(item)): `instance` is not tracked,
            # the objects in `pk_set` are (simple-history would record the channel).
            if action in _LINK_ACTIONS and pk_set:
                for obj in self.cls._default_manager.filter(pk__in=pk_set):
                    self.create_historical_record(obj, "~")
            return
        super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)


def _transaction():
    """
    The outermost atomic block under way (the transaction), or None in autocommit.

    Django has no public API naming the transaction under way, so this is the one place the
    portal reads the connection's `atomic_blocks`; tests/history/test_transaction_identity.py
    fails loudly if Django changes it.
    """
    connection = transaction.get_connection()
    if connection.in_atomic_block and connection.atomic_blocks:
        return connection.atomic_blocks[0]
    return None


def history_model(model):
    return getattr(model, model._meta.simple_history_manager_attribute).model


def link_models(model):
    """(M2M field, its historical link model) for each M2M field the history of `model` keeps."""
    return [
        (field, HistoricalRecords.m2m_models[field])
        for field in history_model(model)._history_m2m_fields
    ]


def _copy_links(m2m_model, field, records_and_pks):
    """Copy the live links of each (record, object pk) onto the record: one read, one insert."""
    through = field.remote_field.through
    source = through._meta.get_field(get_m2m_field_name(field)).attname
    records = {pk: record for record, pk in records_and_pks}
    columns = [f.attname for f in through._meta.fields]
    rows = through._base_manager.filter(**{f"{source}__in": list(records)}).values(*columns)
    links = [m2m_model(history=records[row[source]], **row) for row in rows]
    if links:
        m2m_model.objects.bulk_create(links)


def record_bulk(model, queryset, *, created_since, user=None, reason=""):
    """
    Write one historical record, with its links, for every row of `queryset` (a bulk write).

    Bulk writes (bulk_create / bulk_update, raw link inserts) send no save signals, so their
    history is copied from the rows as they now are, by INSERT ... SELECT: one statement for the
    records and one per M2M field, whatever the number of rows (no per-row parameters, so no
    statement is split at SQLite's parameter limit). Rows created at or after `created_since`
    (their `created_at`) are recorded as new, the others as changed.
    """
    record_model = history_model(model)
    ops = connection.ops
    qn = ops.quote_name
    now = timezone.now()
    stamp = ops.adapt_datetimefield_value(now)
    tracked = list(record_model.tracked_fields)
    rows_sql, rows_params = (
        queryset.order_by().values(*(field.attname for field in tracked)).query.sql_with_params()
    )
    history_columns = [record_model._meta.get_field(field.name).column for field in tracked]
    extra = ["history_date", "history_type", "history_user", "history_change_reason"]
    extra_columns = [record_model._meta.get_field(name).column for name in extra]
    created = qn(model._meta.get_field("created_at").column)
    sql = (
        f"INSERT INTO {qn(record_model._meta.db_table)} "
        f"({', '.join(qn(c) for c in history_columns + extra_columns)}) "
        f"SELECT {', '.join('sub.' + qn(field.column) for field in tracked)}, "
        f"%s, CASE WHEN sub.{created} >= %s THEN '+' ELSE '~' END, %s, %s "
        f"FROM ({rows_sql}) sub"
    )
    user_id = getattr(user, "pk", None)
    since = ops.adapt_datetimefield_value(created_since)
    with connection.cursor() as cursor:
        cursor.execute(sql, [stamp, since, user_id, reason, *rows_params])
    record_pk = qn(record_model._meta.get_field(model._meta.pk.name).column)
    for field, m2m_model in link_models(model):
        through = field.remote_field.through
        source = qn(through._meta.get_field(get_m2m_field_name(field)).column)
        link_fields = list(through._meta.fields)
        columns = [m2m_model._meta.get_field(f.name).column for f in link_fields]
        history_fk = m2m_model._meta.get_field("history").column
        sql = (
            f"INSERT INTO {qn(m2m_model._meta.db_table)} "
            f"({', '.join(qn(c) for c in [*columns, history_fk])}) "
            f"SELECT {', '.join('t.' + qn(f.column) for f in link_fields)}, h.{qn('history_id')} "
            f"FROM {qn(through._meta.db_table)} t "
            f"INNER JOIN {qn(record_model._meta.db_table)} h ON h.{record_pk} = t.{source} "
            f"WHERE h.{qn(extra_columns[0])} = %s AND h.{qn(extra_columns[3])} = %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [stamp, reason])


# --- what changed ---------------------------------------------------------------------------


def compared_fields(model):
    """The fields whose changes count, in form order: a revision's fields, less the stamps."""
    return [field for field in reviewed_fields(model) if field.name not in NOT_COMPARED]


def change_label(model, field_name):
    """A field's name as readers know it: a model may group fields (公开对象 for its two ticks)."""
    labels = getattr(model, "HISTORY_LABELS", {})
    return labels.get(field_name) or str(model._meta.get_field(field_name).verbose_name)


def changed_labels(model, before, after):
    """The labels of the fields that differ between two versions (dicts of values), no repeats."""
    labels = []
    for field in compared_fields(model):
        if before.get(field.name) != after.get(field.name):
            label = change_label(model, field.name)
            if label not in labels:
                labels.append(label)
    return labels


@dataclass(frozen=True)
class PublicChange:
    """One line of an object's public change log."""

    date: object  # a date, in the portal's time zone
    labels: tuple
    first: bool

    @property
    def text(self):
        return FIRST_PUBLISHED if self.first else "修改了" + "、".join(self.labels)


def published_versions(model, pk):
    """
    The published versions of one object, oldest first, as dicts of field values with links.

    Two queries whatever the length of the history: the records, and the links of all of them
    (one UNION over the link tables).
    """
    fields = compared_fields(model)
    plain = [field for field in fields if not field.many_to_many]
    pk_name = model._meta.pk.attname
    records = list(
        history_model(model)
        .objects.filter(**{pk_name: pk, "status": PUBLISHED})
        .order_by("history_date", "history_id")
        .values(
            "history_id",
            "history_date",
            "history_change_reason",
            *(field.attname for field in plain),
        )
    )
    versions = {}
    for record in records:
        values = {field.name: record[field.attname] for field in plain}
        for field in fields:
            if field.many_to_many:
                values[field.name] = set()
        versions[record["history_id"]] = values
    links = None
    for field, m2m_model in link_models(model):
        target = m2m_model._meta.get_field(get_m2m_reverse_field_name(field)).attname
        query = (
            m2m_model.objects.filter(**{f"history__{pk_name}": pk, "history__status": PUBLISHED})
            .annotate(field_name=Value(field.name, output_field=CharField()))
            .values_list("history_id", target, "field_name")
            .order_by()
        )
        links = query if links is None else links.union(query, all=True)
    if links is not None and records:
        for history_id, target_id, field_name in links:
            versions[history_id][field_name].add(target_id)
    return [(record, versions[record["history_id"]]) for record in records]


def public_changes(model, pk, limit=5):
    """
    The last `limit` changes of an object's published versions, newest first.

    The first published version is "首次发布" (unless it is the baseline written when history
    was turned on); every later published version that differs from the one before names the
    fields that changed. Drafts, withdrawn states and pending revisions never show.
    """
    changes = []
    previous = None
    for record, values in published_versions(model, pk):
        when = timezone.localtime(record["history_date"]).date()
        if previous is None:
            if record["history_change_reason"] != BASELINE:
                changes.append(PublicChange(when, (), True))
        else:
            labels = changed_labels(model, previous, values)
            if labels:
                changes.append(PublicChange(when, tuple(labels), False))
        previous = values
    return changes[::-1][:limit]


# --- history for the rows that existed before history was turned on ---------------------------


def create_baseline(app_label, model_name, apps, schema_editor):
    """
    A data migration's step: one record per existing row (reason BASELINE), with its links.

    Without it the history of an old row would begin with its next change, and its change log
    could not tell what that change was.
    """
    model = apps.get_model(app_label, model_name)
    record_model = apps.get_model(app_label, f"Historical{model_name}")
    tracked = [
        field
        for field in record_model._meta.concrete_fields
        if not field.name.startswith("history_")
    ]
    now = timezone.now()
    records = []
    for row in model._base_manager.all().iterator():
        values = {field.attname: getattr(row, field.attname) for field in tracked}
        records.append(
            record_model(
                history_date=now,
                history_type="+",
                history_change_reason=BASELINE,
                **values,
            )
        )
    records = record_model._base_manager.bulk_create(records, batch_size=500)
    by_pk = {record.id: record for record in records}
    for field in model._meta.many_to_many:
        name = f"Historical{model_name}_{field.name}"
        try:
            m2m_model = apps.get_model(app_label, name)
        except LookupError:
            continue
        through = field.remote_field.through
        source = through._meta.get_field(get_m2m_field_name(field)).attname
        columns = [f.attname for f in through._meta.fields]
        links = [
            m2m_model(history=by_pk[row[source]], **row)
            for row in through._base_manager.values(*columns).iterator()
            if row[source] in by_pk
        ]
        m2m_model._base_manager.bulk_create(links, batch_size=500)
