"""
The django-import-export resource for disclosure items.

A dataset row is an item record (catalogue/records.py) in one column per record key, plus the
row number in the source sheet; the record is applied with records.apply_record, so the importer
and the fixtures share one conversion. Rows match existing items on the natural key (domain,
level-1 item, level-2 item) from a cache filled once per import, and writes go in bulk, so an
import costs the same handful of queries for 20 rows or 200. Names match through
spreadsheet.text.match_key on both sides, because the reader normalises what it reads (spaces
between Chinese words, Traditional characters) and a name typed in the admin is stored as typed.

The admin's confirm step carries a signed snapshot of the preview (see preview_snapshot): the
state of every item of the domain and the items listed as missing. The confirm is refused when
anything changed since, and deletes only what the preview listed.
"""

import gc
import logging
from contextlib import contextmanager
from dataclasses import dataclass
from operator import attrgetter

from django.contrib.admin.models import DELETION, LogEntry
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from import_export import resources
from import_export.fields import Field
from import_export.results import Result, RowResult
from import_export.widgets import ForeignKeyWidget

from catalogue.models import Channel, DisclosureItem, Domain
from catalogue.near_matches import propose
from catalogue.records import (
    RECORD_KEYS,
    RECORD_LABELS,
    SET_FIELDS,
    apply_record,
    record_from_item_fields,
)
from history.records import IMPORT_REASON, record_bulk
from spreadsheet.text import match_key, match_keys
from versions.models import version_digest

logger = logging.getLogger(__name__)

# The dataset column holding the row number of the source sheet, for messages.
ROW_HEADER = "row"
DOMAIN_HEADER = "domain"
LIST_KEYS = ("channels", "other_channels", *(key for key, _ in SET_FIELDS))

# Model field -> record key, so model validation errors are named as the sheet names them.
_FIELD_TO_KEY = {field: key for key, flags in SET_FIELDS for field, _ in flags}

# Fields whose values the importer sets itself, so validate_instance skips their field checks.
_UNCHECKED_FIELDS = (
    "domain",
    "status",
    "version",
    *(field for _, flags in SET_FIELDS for field, _ in flags),
)
# Text fields: their checks (length, blank, null characters) depend on the value alone.
_CHECKED_TEXTS = tuple(
    field.name
    for field in DisclosureItem._meta.concrete_fields
    if field.get_internal_type() in ("CharField", "TextField")
    and field.name not in _UNCHECKED_FIELDS
)

# The columns an update may change; the natural key and the status never change on import.
UPDATE_FIELDS = (
    "number",
    "content",
    "basis",
    "deadline",
    "issuing_body",
    "other_channels",
    *(field for _, flags in SET_FIELDS for field, _ in flags),
    "updated_at",
    "version",
)


# What the preview shows of a new row: everything but the name, which has its own column.
SHOWN_KEYS = tuple(key for key in RECORD_KEYS if key not in ("level1", "level2"))

_KEY_IS_LIST = tuple((key, key in LIST_KEYS) for key in RECORD_KEYS)

SNAPSHOT_SALT = "catalogue.import.snapshot"
STALE_CONFIRM = "预览后系统中的事项有改动，请重新上传预览。"
BAD_SNAPSHOT = "确认信息无效或已过期，请重新上传预览。"
CHOICES_CHANGED = (
    "“可能是已有事项”的选择已改变，与预览不同；下面是按新的选择重新计算的预览，请核对后再确认导入。"
)
NO_CHANNEL = "请至少选择一个公开渠道（或填写其他渠道）。"
NO_CHANNEL_COLUMN = "文件中没有公开渠道和载体列，新事项至少要有一个公开渠道。"
DELETED_BY_IMPORT = "通过表格导入删除（文件中没有该事项）"


class ImportRefused(Exception):
    """The file cannot be imported at all; the message is Chinese and safe to show."""


# `matches` of a preview nobody has chosen for yet: every likely match is taken as the item
# (the choice's default, 就是这个已有事项), so the first preview counts what the default does.
ALL_PROPOSED = "all"


def preview_snapshot(domain, state, missing, proposals=None, matches=()):
    """
    The signed token the confirm form carries from the preview; `state` is a version_digest.

    `proposals` ({sheet row: item}) are the likely matches the preview offered: the confirm
    accepts a choice only for those rows, and only for that item. `matches` are the rows the
    preview counted as those items: a confirm with other choices is not what it showed.
    """
    payload = {
        "domain": domain.pk,
        "state": state,
        "missing": [item.pk for item in missing],
        "proposals": {str(row): item.pk for row, item in (proposals or {}).items()},
        "matches": sorted(matches),
    }
    return signing.dumps(payload, salt=SNAPSHOT_SALT, compress=True)


def read_snapshot(token):
    """The preview's snapshot; ImportRefused when it was tampered with or is malformed."""
    try:
        payload = signing.loads(token, salt=SNAPSHOT_SALT)
        return {
            "domain": int(payload["domain"]),
            "state": str(payload["state"]),
            "missing": {int(pk) for pk in payload["missing"]},
            "proposals": {int(row): int(pk) for row, pk in payload["proposals"].items()},
            "matches": {int(row) for row in payload["matches"]},
        }
    except (signing.BadSignature, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ImportRefused(BAD_SNAPSHOT) from exc


def record_to_row(record):
    """Flatten a record into dataset cells: lists become one name per line."""
    return [
        "\n".join(record.get(key) or []) if key in LIST_KEYS else record.get(key, "")
        for key in RECORD_KEYS
    ]


def row_to_record(row):
    """The inverse of record_to_row, from an import-export row dict."""
    record = {}
    for key, is_list in _KEY_IS_LIST:
        value = row.get(key)
        if is_list:
            if isinstance(value, list | tuple):
                record[key] = [str(v).strip() for v in value if str(v).strip()]
            else:
                record[key] = [v.strip() for v in str(value or "").splitlines() if v.strip()]
        elif key == "number":
            record[key] = value or 0
        else:
            record[key] = "" if value is None else str(value)
    return record


def error_label(field):
    """The sheet's name for a model field or record key in an error message."""
    if field == NON_FIELD_ERRORS:
        return ""
    key = _FIELD_TO_KEY.get(field, field)
    if key in RECORD_LABELS:
        return RECORD_LABELS[key]
    try:
        return str(DisclosureItem._meta.get_field(field).verbose_name)
    except Exception:
        return field


class ItemRowResult(RowResult):
    """A row's outcome with what the preview needs: source row, item name, changed fields."""

    STATUS_LABELS = {
        "new": "新增",
        "changed": "修改",
        "revision": "修改（存为修改稿）",
        "unchanged": "无变化",
        "delete": "删除",
    }

    def __init__(self):
        super().__init__()
        self.source_row = None
        self.item_name = ""
        self.changes = {}  # record key -> (value in the portal, value in the file)
        # The dataset and the row's index in it: a new row's values are read back from there
        # when the preview shows them, so the result holds no second copy of every row.
        self.dataset_row = None
        # A change to a published item, kept as a revision for review instead of written.
        self.revision = False
        # What this row makes public the moment the import is confirmed (the publish box).
        self.goes_public = False

    @property
    def status(self):
        if self.revision:
            return "revision"
        if self.import_type == self.IMPORT_TYPE_NEW:
            return "new"
        if self.import_type == self.IMPORT_TYPE_UPDATE:
            return "changed"
        if self.import_type == self.IMPORT_TYPE_SKIP:
            return "unchanged"
        return self.import_type

    @property
    def status_label(self):
        return self.STATUS_LABELS.get(self.status, self.status)

    @property
    def changed_labels(self):
        """The changed fields as the preview names them, e.g. "公开依据、公开渠道和载体"."""
        return "、".join(RECORD_LABELS[key] for key in self.changes)

    @property
    def values(self):
        """(label, value) of every element of the row as the file gives it, for a new row."""
        if self.dataset_row is None:
            return []
        dataset, index = self.dataset_row
        record = row_to_record(dict(zip(dataset.headers, dataset[index], strict=False)))
        return [
            (RECORD_LABELS[key], _display(record[key]))
            for key in SHOWN_KEYS
            if record[key] or key in ("content", "channels")
        ]

    @property
    def change_details(self):
        """(label, old, new) for each changed element, lists joined as the template writes them."""
        return [
            (RECORD_LABELS[key], _display(old), _display(new))
            for key, (old, new) in self.changes.items()
        ]


def _display(value):
    return "、".join(value) if isinstance(value, list) else str(value)


class CatalogueImportResult(Result):
    """The import-export result plus the catalogue's report: notes, missing items, messages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.domain = None
        self.sheet = ""
        self.notes = []
        self.missing_items = []
        self.deleted_count = 0
        self.deleted_items = []
        # The signed preview snapshot the admin's confirm form carries (see preview_snapshot).
        self.snapshot = ""
        # Record keys the file had no column for: existing items keep those fields.
        self.absent = set()
        # The likely matches of rows that name no item (Proposal), for the preview's choices.
        self.proposals = []
        self.publish = False
        self.delete_missing = False
        self.dry_run = True

    def append_invalid_row(self, number, row, validation_error):
        super().append_invalid_row(number, row, validation_error)
        self.invalid_rows[-1].source_row = row.get(ROW_HEADER) or number
        self.invalid_rows[-1].item_name = _row_name(row)

    def append_error_row(self, number, row, errors):
        super().append_error_row(number, row, errors)
        self.error_rows[-1].source_row = row.get(ROW_HEADER) or number

    def _rows_of(self, status):
        return [row for row in self.rows if row.status == status]

    @property
    def new_rows(self):
        return self._rows_of("new")

    @property
    def changed_rows(self):
        return self._rows_of("changed")

    @property
    def unchanged_rows(self):
        return self._rows_of("unchanged")

    @property
    def revision_rows(self):
        return self._rows_of("revision")

    @property
    def public_rows(self):
        """The rows whose values are public as soon as the import is confirmed."""
        return [row for row in self.rows if row.goes_public]

    @property
    def review_sentence(self):
        """What happens to published items, said plainly before anything is confirmed."""
        if self.public_rows:
            return f"确认后立即公开：{len(self.public_rows)} 项（不经审核）。"
        if self.revision_rows:
            return (
                f"{len(self.revision_rows)} 个已发布事项的修改保存为修改稿：公众仍看到现在的内容，"
                "修改稿经提交审核、审核、批准、发布后才公开。"
            )
        return ""

    @property
    def summary(self):
        """The counts in one Chinese sentence, as the preview and the command print them."""
        parts = [
            f"新增 {len(self.new_rows)} 个",
            f"修改 {len(self.changed_rows)} 个",
            f"无变化 {len(self.unchanged_rows)} 个",
        ]
        if self.revision_rows:
            parts.insert(2, f"存为修改稿 {len(self.revision_rows)} 个")
        if self.deleted_count:
            parts.append(f"删除 {self.deleted_count} 个")
        return "，".join(parts) + "。"

    @property
    def missing_sentence(self):
        count = len(self.missing_items)
        fate = "将被删除" if self.delete_missing else "不会被删除"
        return f"以下 {count} 个事项在系统中存在但文件中没有；{fate}："

    @property
    def publish_sentence(self):
        if self.publish:
            return "新增的事项导入后直接发布；已有事项保持原来的状态。"
        return "新增的事项导入为草稿，审核后再发布（先审后发）；已有事项保持原来的状态。"

    @property
    def failed(self):
        return self.has_errors() or self.has_validation_errors()

    @property
    def error_messages(self):
        """Every problem as a Chinese sentence naming the sheet row; empty when all is well."""
        messages = []
        for invalid in self.invalid_rows:
            for field, errors in invalid.error_dict.items():
                label = error_label(field)
                for error in errors:
                    prefix = f"第 {invalid.source_row} 行"
                    if invalid.item_name:
                        prefix += f"（{invalid.item_name}）"
                    text = f"{label}：{error}" if label else str(error)
                    messages.append(f"{prefix}：{text}")
        for error_row in self.error_rows:
            for error in error_row.errors:
                messages.append(f"第 {error_row.source_row} 行：无法导入（{error.error}）。")
        for error in self.base_errors:
            messages.append(f"导入失败，未写入任何数据：{error.error}")
        return messages


@dataclass(frozen=True)
class Proposal:
    """A row that names no item, and the item it probably means (catalogue.near_matches)."""

    row: int
    name: str
    item: DisclosureItem
    matched: bool  # the confirm applied the row to `item`

    @property
    def field_name(self):
        """The confirm form's choice for this row: match the item, or import a new one."""
        return f"match_{self.row}"


# Field types whose Python values (str, bool, int, None) are already what both database
# drivers take: get_db_prep_save would hand them back unchanged, at a few calls per value.
_PLAIN_TYPES = frozenset(
    ("CharField", "TextField", "BooleanField", "IntegerField", "PositiveIntegerField",
     "PositiveSmallIntegerField", "SmallIntegerField", "BigIntegerField", "ForeignKey")
)  # fmt: skip


def insert_instances(instances):
    """
    INSERT unsaved model instances (one model) with one executemany; their ids are not read.

    auto_now and auto_now_add fields get one timestamp for all; other values go through their
    field's get_db_prep_save, as Model.save would do, except those of plain types (above).
    """
    model = type(instances[0])
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    now = timezone.now()
    stamped, prepared = [], []
    for index, field in enumerate(fields):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            stamped.append((index, field.attname, field.get_db_prep_save(now, connection)))
        elif field.get_internal_type() not in _PLAIN_TYPES:
            prepared.append((index, field))
    values_of = attrgetter(*(field.attname for field in fields))
    rows = []
    for instance in instances:
        row = list(values_of(instance))
        for index, attname, value in stamped:
            setattr(instance, attname, now)
            row[index] = value
        for index, field in prepared:
            row[index] = field.get_db_prep_save(row[index], connection)
        rows.append(row)
    insert_rows(model._meta.db_table, [field.column for field in fields], rows)


def insert_rows(table, columns, rows):
    """
    INSERT `rows` (sequences of database-ready values) into `table`'s `columns`.

    On PostgreSQL one COPY: psycopg's executemany sends every row as a statement of its own,
    which the server parses, plans and runs one at a time (for a catalogue of 10,000 items,
    some 37,000 statements). SQLite runs one prepared statement for all rows in-process, so
    executemany stays. Both run inside the caller's transaction.
    """
    qn = connection.ops.quote_name
    names = ", ".join(qn(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {qn(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {qn(table)} ({names}) VALUES ({marks})", rows)


@contextmanager
def collector_paused():
    """
    Pause Python's cyclic garbage collector while a catalogue is read or imported.

    Everything a large file makes stays alive until the import ends (the records, the dataset,
    the model instances, the row results), so each full collection walks all of it again: on
    10,000 rows about half a second of collections that free nothing, since neither the read
    nor the import makes reference cycles per row. The switch is the process's; the portal's
    gunicorn workers are single-threaded, so no other request runs meanwhile. Collection
    resumes as it was, whatever happens.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _row_name(row):
    level1 = str(row.get("level1") or "").strip()
    level2 = str(row.get("level2") or "").strip()
    return f"{level1} / {level2}" if level2 else level1


class DisclosureItemResource(resources.ModelResource):
    """
    Import one domain's catalogue from item records.

    Constructed with the domain (the sheet does not say which domain it is), whether new items
    are published at once (default: drafts, 先审后发), and whether items missing from the file
    are deleted (default: kept, only listed). The admin adds the preview's `snapshot` on confirm
    and what the user may do (`can_add`, `can_change`); the command line runs as the operator.
    """

    domain = Field(attribute="domain", column_name=DOMAIN_HEADER, widget=ForeignKeyWidget(Domain))
    level1 = Field(attribute="level1", column_name="level1")
    level2 = Field(attribute="level2", column_name="level2")

    class Meta:
        model = DisclosureItem
        fields = ("domain", "level1", "level2")
        import_id_fields = ("domain", "level1", "level2")
        use_bulk = True
        skip_unchanged = True
        report_skipped = True
        # The changes are computed on records (see import_instance), not on an HTML diff.
        skip_diff = True
        name = "公开事项"

    def __init__(
        self,
        domain=None,
        publish=False,
        delete_missing=False,
        snapshot=None,
        matches=None,
        can_add=True,
        can_change=True,
        review_published=False,
        **kwargs,
    ):
        super().__init__(**kwargs)
        # Changes to published items become revisions (the admin) instead of being written.
        self.review_published = review_published
        self.domain = domain
        self.publish = publish
        self.delete_missing = delete_missing
        self.snapshot = snapshot
        # The sheet rows staff matched to the item the preview proposed (see near_matches).
        # ALL_PROPOSED (the admin's first preview) takes every proposal.
        self.matches = matches if matches == ALL_PROPOSED else set(matches or ())
        self.can_add = can_add
        self.can_change = can_change
        self.dry_run = True

    @classmethod
    def get_result_class(cls):
        return CatalogueImportResult

    @classmethod
    def get_row_result_class(cls):
        return ItemRowResult

    def get_bulk_update_fields(self):
        return list(UPDATE_FIELDS)

    # --- one query per table for the whole file --------------------------------------------

    def import_data(self, *args, **kwargs):
        with collector_paused():
            return super().import_data(*args, **kwargs)

    def import_data_inner(self, dataset, dry_run, *args, **kwargs):
        self.dry_run = dry_run
        return super().import_data_inner(dataset, dry_run, *args, **kwargs)

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """
        Insert the new items with one insert_rows per batch; the preview inserts nothing.

        The preview has nothing to roll back: each row passed the model's checks, and the
        natural key, the table's only constraint, is checked across the whole file. Django's
        bulk_create compiles every value of every row into the SQL (half the import's time on
        10,000 rows); the ids are read back once, in after_import.
        """
        try:
            if not dry_run and self.create_instances:
                insert_instances(self.create_instances)
                self.inserted += self.create_instances
        except Exception as error:
            self.handle_import_error(result, error, raise_errors)
        finally:
            self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, *args, **kwargs):
        if dry_run:
            self.update_instances.clear()
            return
        super().bulk_update(using_transactions, dry_run, *args, **kwargs)

    def handle_import_error(self, result, error, raise_errors=False):
        # A refused confirm (stale or forged snapshot) stops the import before any row runs;
        # import_data's transaction is left by the exception, so nothing is written.
        if isinstance(error, ImportRefused):
            raise error
        super().handle_import_error(result, error, raise_errors)

    def before_import(self, dataset, **kwargs):
        if self.domain is None:
            raise ValueError("DisclosureItemResource needs a domain to import into.")
        self.absent = set(getattr(dataset, "absent", ()) or ())
        self.dataset = dataset
        # Every row is the chosen domain's, whatever a column of the file might say.
        if DOMAIN_HEADER in (dataset.headers or []):
            del dataset[DOMAIN_HEADER]
        dataset.append_col([self.domain.pk] * len(dataset), header=DOMAIN_HEADER)
        channels = list(Channel.objects.all())
        self.channels_by_name = {channel.name: channel for channel in channels}
        # The links as (item id, channel id) pairs on the cached channel rows: a prefetch would
        # build a Channel instance for every link of every item.
        channels_by_pk = {channel.pk: channel for channel in channels}
        through = DisclosureItem.channels.through
        links = through.objects.filter(disclosureitem__domain=self.domain).values_list(
            "disclosureitem_id", "channel_id"
        )
        self.existing_links = {}
        for item_id, channel_id in links:
            self.existing_links.setdefault(item_id, []).append(channels_by_pk[channel_id])
        items = DisclosureItem.objects.filter(domain=self.domain)
        if not self.dry_run and transaction.get_connection().in_atomic_block:
            # Hold the domain's items until the import commits: no edit slips in between the
            # snapshot check below and the writes.
            items = items.select_for_update()
        self.items = list(items)
        # Taken before any row touches the instances (updated_at is stamped on them).
        self.state = version_digest(self.items)
        self.listed_missing = None
        self.matched = set()
        # Names on both sides keyed in one converter call (see _key).
        file_names = [*dataset["level1"], *dataset["level2"]] if len(dataset) else []
        stored_names = [name for item in self.items for name in (item.level1, item.level2)]
        self.name_keys = match_keys(str(name or "").strip() for name in file_names + stored_names)
        self.existing = {}
        self.item_keys = {}
        self.ambiguous = set()
        for item in self.items:
            item.domain = self.domain
            key = self._name_key(item.level1, item.level2)
            self.item_keys[item.pk] = key
            if key in self.existing:
                self.ambiguous.add(key)
            else:
                self.existing[key] = item
        self._propose(dataset)
        if self.matches == ALL_PROPOSED:
            self.matches = set(self.proposals)
        if self.snapshot is not None:
            self._check_snapshot()
        else:
            self.matches &= set(self.proposals)  # a preview: only rows it proposes
        self._apply_matches()
        self.seen = {}
        self.saved = []  # the rows written: each gets a history record
        self.inserted = []  # the new items, inserted without reading their ids back
        self.row_changes = {}
        self.channel_updates = {}
        self.now = timezone.now()
        # A new item's values before its row is applied: the model's defaults and the status the
        # import gives; init_instance sets the domain. The defaults are constants: a callable
        # one would have to be called for each row.
        status = DisclosureItem.Status.PUBLISHED if self.publish else DisclosureItem.Status.DRAFT
        blank = DisclosureItem(status=status)
        self.new_values = [getattr(blank, f.attname) for f in DisclosureItem._meta.concrete_fields]
        # Text values that passed their field checks, by field: a catalogue repeats its basis,
        # deadline, issuing body and level-1 names down the rows, and each is checked once.
        self.checked_texts = {name: set() for name in _CHECKED_TEXTS}
        # Changes to published items become revisions unless the import publishes them.
        self.revisions = {}  # row number -> (item, channels to link)
        self.public_rows = set()
        self.user = kwargs.get("user")

    def revision_refusal(self, item):
        """Why a change to published `item` cannot become a revision now, or None (a hook)."""
        return None

    def save_revisions(self, pending):
        """
        Keep each (item, channels, column ids) in `pending` as a revision of the published
        item: the resource of a caller that sets review_published knows the review (a hook).
        """
        raise NotImplementedError("review_published needs a resource that saves revisions")

    def _propose(self, dataset):
        """The likely match of each row that names no item (near_matches), by sheet row."""
        rows = dataset[ROW_HEADER] if len(dataset) else []
        keys = (
            [
                self._name_key(level1, level2)
                for level1, level2 in zip(dataset["level1"], dataset["level2"], strict=True)
            ]
            if len(dataset)
            else []
        )
        named = set(keys)
        new_rows = [
            (row, key) for row, key in zip(rows, keys, strict=True) if key not in self.existing
        ]
        candidates = [
            (self.item_keys[item.pk], item)
            for item in self.items
            if self.item_keys[item.pk] not in named
            and self.item_keys[item.pk] not in self.ambiguous
        ]
        self.proposals = propose(new_rows, candidates) if new_rows and candidates else {}
        self.row_keys = dict(zip(rows, keys, strict=True))
        self.row_names = (
            {
                row: _row_name({"level1": level1, "level2": level2})
                for row, level1, level2 in zip(
                    rows, dataset["level1"], dataset["level2"], strict=True
                )
                if row in self.proposals
            }
            if self.proposals
            else {}
        )

    def _check_snapshot(self):
        """
        Refuse a confirm whose preview no longer describes the domain's items; apply the
        matches staff chose among the preview's proposals.
        """
        snapshot = read_snapshot(self.snapshot)
        if snapshot["domain"] != self.domain.pk or snapshot["state"] != self.state:
            raise ImportRefused(STALE_CONFIRM)
        proposed = {row: item.pk for row, item in self.proposals.items()}
        if snapshot["proposals"] != proposed or not self.matches <= set(proposed):
            raise ImportRefused(STALE_CONFIRM)
        if snapshot["matches"] != self.matches:
            raise ImportRefused(CHOICES_CHANGED)
        self.listed_missing = snapshot["missing"]

    def _apply_matches(self):
        """Each row matched to its proposed item updates that item (and it is not missing)."""
        self.matched = set()
        for row in self.matches:
            item = self.proposals[row]
            self.existing[self.row_keys[row]] = item
            self.matched.add(item.pk)

    def get_instance(self, instance_loader, row):
        return self.existing.get(self._key(row))

    def init_instance(self, row=None):
        # From the field values in model order: no default is looked up again per row.
        instance = DisclosureItem(*self.new_values)
        instance.domain = self.domain
        return instance

    def _name_key(self, level1, level2):
        """
        The match key of a name: spaces, width, case and Traditional characters do not count.

        The reader stores "80 周岁以上 补贴" as "80周岁以上补贴", so exact names would turn an
        export of an admin-typed name into a new item on import.
        """
        keys = self.name_keys
        level1, level2 = str(level1 or "").strip(), str(level2 or "").strip()
        return (
            keys[level1] if level1 in keys else match_key(level1),
            keys[level2] if level2 in keys else match_key(level2),
        )

    def _key(self, row):
        return self._name_key(row.get("level1"), row.get("level2"))

    # --- applying a row --------------------------------------------------------------------

    def import_instance(self, instance, row, **kwargs):
        """Apply the row's record with records.apply_record and note what it changes."""
        record = row_to_record(row)
        row_number = kwargs.get("row_number")
        source_row = row.get(ROW_HEADER) or row_number
        errors = {}
        key = self._key(row)
        if key in self.seen:
            errors["level2"] = ValidationError(
                f"与第 {self.seen[key]} 行是同一个事项（一级事项和二级事项都相同）。"
            )
        else:
            self.seen[key] = source_row
        if key in self.ambiguous:
            errors[NON_FIELD_ERRORS] = ValidationError(
                "系统中有多个事项的名称与此行只差空格、括号或繁简字，无法确定对应哪一个；"
                "请先在后台合并或改名。"
            )
        unknown = [name for name in record["channels"] if name not in self.channels_by_name]
        if unknown:
            errors["channels"] = ValidationError(f"未知的公开渠道：{'、'.join(unknown)}。")
            record["channels"] = [n for n in record["channels"] if n in self.channels_by_name]
        is_new = instance.pk is None
        old_channels = [] if is_new else self.existing_links.get(instance.pk, [])
        # A new item has no changes to list, so only an existing one is diffed.
        before = None if is_new else record_from_item_fields(instance, old_channels)
        if before is not None:
            # The stored name stays when the file's differs only by match_key; fields the file
            # has no column for keep their values.
            record["level1"], record["level2"] = instance.level1, instance.level2
            for absent in self.absent:
                record[absent] = before[absent]
        # At least one channel, as in the admin form; an existing item keeps its own when the
        # file has no channel column.
        no_channel = not (record["channels"] or record["other_channels"] or unknown)
        if no_channel and (before is None or "channels" not in self.absent):
            message = NO_CHANNEL_COLUMN if "channels" in self.absent else NO_CHANNEL
            errors["channels"] = ValidationError(message)
        if is_new and not self.can_add:
            errors.setdefault(NON_FIELD_ERRORS, ValidationError("您没有新增公开事项的权限。"))
        try:
            linked = apply_record(instance, record, self.channels_by_name)
        except (TypeError, ValueError) as exc:
            errors["number"] = ValidationError(f"无法识别的值（{exc}）。")
            raise ValidationError(errors) from exc
        if is_new:
            self.row_changes[row_number] = {}
            self.channel_updates[id(instance)] = (instance, linked)
            if self.publish:
                self.public_rows.add(row_number)
        else:
            after = record_from_item_fields(instance, linked)
            changes = {
                k: (before.get(k), after.get(k))
                for k in RECORD_KEYS
                if before.get(k) != after.get(k)
            }
            self.row_changes[row_number] = changes
            if changes and not self.can_change:
                labels = "、".join(RECORD_LABELS[k] for k in changes)
                errors.setdefault(
                    NON_FIELD_ERRORS,
                    ValidationError(f"您没有修改公开事项的权限，此行会修改已有事项的{labels}。"),
                )
            published = instance.status == DisclosureItem.Status.PUBLISHED
            if changes and published and self.review_published and not self.publish:
                # The public keeps the published values until the revision is reviewed.
                refusal = self.revision_refusal(instance)
                if refusal:
                    errors.setdefault(NON_FIELD_ERRORS, ValidationError(refusal))
                self.revisions[row_number] = (instance, linked)
            else:
                if {c.pk for c in linked} != {c.pk for c in old_channels}:
                    self.channel_updates[id(instance)] = (instance, linked)
                if changes and published:
                    self.public_rows.add(row_number)  # written on the published item at once
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors:
            return False
        return instance.pk is not None and not self.row_changes.get(self._current_row)

    def before_import_row(self, row, **kwargs):
        self._current_row = kwargs.get("row_number")

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """
        Run the model's own rules without its per-row queries.

        The domain is the form's, and uniqueness of the natural key is checked across the whole
        file in import_instance (rows are matched on it, so no existing item can clash). The
        flags hold the True/False apply_record gives them, and the status and the version are
        the importer's own or the stored ones, so their field checks are skipped too; the
        model's clean() still checks the flags. A text that passed its field's checks on an
        earlier row would pass them again, so it is checked once per import.
        """
        errors = dict(import_validation_errors or {})
        checked = self.checked_texts
        repeated, fresh = [], []
        for name in _CHECKED_TEXTS:
            (repeated if getattr(instance, name) in checked[name] else fresh).append(name)
        try:
            instance.full_clean(
                exclude=[*errors, *_UNCHECKED_FIELDS, *repeated],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
        for name in fresh:
            checked[name].add(getattr(instance, name))

    def save_instance(self, instance, is_create, row, **kwargs):
        if self._current_row in self.revisions:
            return  # the live row stays as published; after_import saves the revision
        super().save_instance(instance, is_create, row, **kwargs)

    def before_save_instance(self, instance, row, **kwargs):
        # bulk_update skips auto_now and the version claim (versions), so a changed item
        # is stamped here; its row is locked and its version checked against the preview.
        if instance.pk is not None:
            instance.updated_at = self.now
            instance.version += 1
        self.saved.append(instance)

    def after_import_row(self, row, row_result, **kwargs):
        row_result.source_row = row.get(ROW_HEADER) or kwargs.get("row_number")
        row_result.item_name = _row_name(row)
        row_result.changes = self.row_changes.get(kwargs.get("row_number"), {})
        row_number = kwargs.get("row_number")
        if row_result.import_type == row_result.IMPORT_TYPE_NEW:
            row_result.dataset_row = (self.dataset, row_number - 1)
        row_result.goes_public = row_number in self.public_rows
        if row_number in self.revisions and row_result.import_type == row_result.IMPORT_TYPE_UPDATE:
            row_result.revision = True
            # Not an update of the item: the admin log and the counts leave it out.
            row_result.import_type = row_result.IMPORT_TYPE_SKIP

    # --- after the bulk writes ---------------------------------------------------------------

    def after_import(self, dataset, result, **kwargs):
        """
        Link channels in bulk, list the items the file lacks and delete them only if asked.

        ModelResource.after_import is not called: it resets the id sequence, which is only
        needed when a file supplies ids (ours never does) and is unsafe beside concurrent
        inserts on PostgreSQL.
        """
        dry_run = self._is_dry_run(kwargs)
        result.domain = self.domain
        result.notes = list(getattr(dataset, "notes", []))
        result.sheet = getattr(dataset, "title", "") or ""
        result.publish = self.publish
        result.delete_missing = self.delete_missing
        result.dry_run = dry_run
        result.absent = set(self.absent)
        missing = [
            item
            for item in self.items
            if self.item_keys[item.pk] not in self.seen and item.pk not in self.matched
        ]
        result.missing_items = sorted(missing, key=lambda item: (item.number, item.pk))
        result.proposals = [
            Proposal(row, self.row_names[row], item, row in self.matches)
            for row, item in sorted(self.proposals.items())
        ]
        result.snapshot = preview_snapshot(
            self.domain, self.state, result.missing_items, self.proposals, self.matches
        )
        if result.has_errors() or result.has_validation_errors() or dry_run:
            return
        self._read_ids()
        self._save_channels()
        self._save_revisions()
        # Bulk writes send no save signals: one history record per new or changed item.
        if self.saved:
            record_bulk(
                DisclosureItem,
                DisclosureItem.objects.filter(domain=self.domain, updated_at__gte=self.now),
                created_since=self.now,
                user=kwargs.get("user"),
                reason=IMPORT_REASON,
            )
        if self.delete_missing and missing:
            self._delete(result, kwargs.get("user"))

    def _delete(self, result, user):
        """Delete the missing items (on confirm: only those the preview listed) and log it."""
        listed = self.listed_missing
        doomed = [item for item in result.missing_items if listed is None or item.pk in listed]
        if not doomed:
            return
        DisclosureItem.objects.filter(pk__in=[item.pk for item in doomed]).delete()
        result.deleted_items = doomed
        result.deleted_count = len(doomed)
        if user is not None and user.pk is not None:
            LogEntry.objects.log_actions(
                user.pk,
                doomed,
                DELETION,
                change_message=DELETED_BY_IMPORT,
                single_object=len(doomed) == 1,
            )

    def _save_revisions(self):
        """Hand the changes to published items, with their column links, to save_revisions."""
        if not self.revisions:
            return
        pending = list(self.revisions.values())
        through = DisclosureItem.columns.through
        columns = {}
        for item_id, column_id in through.objects.filter(
            disclosureitem_id__in=[item.pk for item, _ in pending]
        ).values_list("disclosureitem_id", "column_id"):
            columns.setdefault(item_id, []).append(column_id)
        self.save_revisions([(item, linked, columns.get(item.pk, [])) for item, linked in pending])

    def _read_ids(self):
        """The ids of the inserted items, by their natural key, in one query."""
        if not self.inserted:
            return
        saved = DisclosureItem.objects.filter(domain=self.domain, created_at__gte=self.now)
        ids = {
            (level1, level2): pk
            for level1, level2, pk in saved.values_list("level1", "level2", "pk")
        }
        for instance in self.inserted:
            instance.pk = ids[(instance.level1, instance.level2)]
            instance._state.adding = False

    def _save_channels(self):
        pending = list(self.channel_updates.values())
        if not pending:
            return
        through = DisclosureItem.channels.through
        relinked = [instance.pk for instance, _ in pending if instance.pk in self.existing_links]
        if relinked:
            through.objects.filter(disclosureitem_id__in=relinked).delete()
        # (item, channel) id pairs in one insert_rows: bulk_create would build and compile a
        # model instance per link, several per item.
        columns = [through._meta.get_field(name).column for name in ("disclosureitem", "channel")]
        pairs = [(instance.pk, channel.pk) for instance, linked in pending for channel in linked]
        if pairs:
            insert_rows(through._meta.db_table, columns, pairs)
