"""
A domain's catalogue as file bytes: xlsx in the template layout, flat CSV, and JSON records.

Staff exports (admin, command) carry drafts too; the public download asks for published items
only. Every format is built from the item records of catalogue/records.py, so the three agree.
"""

import json

from django.db.models import Q

from catalogue.models import DisclosureItem, Domain
from catalogue.records import RECORD_LABELS, TEXT_FIELDS, item_to_record
from catalogue.sheet_writer import TICK_GROUPS, tick_cells, write_catalogue
from sitewide.csvfile import csv_bytes

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
}

CSV_HEADER = (
    *(RECORD_LABELS[key] for key in ("number", *TEXT_FIELDS, "channels")),
    *(label for _, labels in TICK_GROUPS for label in labels),
)
CHANNEL_SEPARATOR = "、"


def find_domain(value, unit=None):
    """`unit`'s domain (the first unit's when None) whose Chinese name or slug is `value`."""
    value = (value or "").strip()
    if not value:
        return None
    domains = Domain.objects.filter(unit=unit) if unit is not None else Domain.objects.all()
    return domains.filter(Q(name=value) | Q(slug=value)).first()


def domain_items(domain, *, published_only=False):
    """The domain's items in catalogue order, channels prefetched: a fixed number of queries."""
    items = DisclosureItem.objects.filter(domain=domain)
    if published_only:
        items = items.published()
    return items.prefetch_related("channels").order_by("number", "id")


def domain_records(domain, *, published_only=False):
    return [item_to_record(item) for item in domain_items(domain, published_only=published_only)]


def records_to_json(records):
    return (json.dumps(records, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def records_to_csv(records):
    """One row per item, √ for the ticks (sitewide.csvfile: UTF-8 with a BOM, no formulas)."""
    rows = []
    for record in records:
        channels = [*record.get("channels", []), *record.get("other_channels", [])]
        row = [record.get("number", "")]
        row += [record.get(key) or "" for key in TEXT_FIELDS]
        row.append(CHANNEL_SEPARATOR.join(channels))
        rows.append(row + tick_cells(record))
    return csv_bytes(CSV_HEADER, rows)


def bureau_name(domain):
    """The unit named on a domain's exported workbooks (编制单位)."""
    return domain.unit.name


def records_to_xlsx(records, domain):
    return write_catalogue(records, domain_name=domain.name, bureau_name=bureau_name(domain))


def export_domain(domain, fmt, *, published_only=False):
    """Return the bytes of `domain`'s catalogue in `fmt` (one of FORMATS)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    records = domain_records(domain, published_only=published_only)
    if fmt == "json":
        return records_to_json(records)
    if fmt == "csv":
        return records_to_csv(records)
    return records_to_xlsx(records, domain)


def export_filename(domain, fmt):
    """The Chinese file name staff and citizens expect, e.g. 社会救助领域基层政务公开标准目录.xlsx."""
    return f"{domain.catalogue_title}.{fmt}"
