"""
A disclosure item as a plain record: the one schema shared by the fixtures, the JSON export (and
the public open-data download) and the spreadsheet importer.

    {"number", "level1", "level2", "content", "basis", "deadline", "issuing_body",
     "channels": [standard channel names, template order], "other_channels": [...],
     "audience": ⊆ ["全社会", "特定群体"], "mode": ⊆ ["主动公开", "依申请公开"],
     "level": ⊆ ["县级", "乡级"]}

Channels that are rows of the channel table but not standard (a county's local channels) travel
in "other_channels" beside the free-text ones, so the record keeps the template's two slots. A
record with other channels lists 其他 among its channels, as the template ticks ■其他 for them
(DisclosureItem.ticks_other): the page, the search filter and every export agree, and an exported
workbook, whose ■其他 the reader reads as the 其他 channel, imports back with no change. Applying
such a record stores the other channels and no link to the 其他 row, which they imply.
"""

from catalogue.channels import OTHER
from catalogue.models import AUDIENCE_FLAGS, LEVEL_FLAGS, MODE_FLAGS

TEXT_FIELDS = ("level1", "level2", "content", "basis", "deadline", "issuing_body")
SET_FIELDS = (("audience", AUDIENCE_FLAGS), ("mode", MODE_FLAGS), ("level", LEVEL_FLAGS))
RECORD_KEYS = ("number", *TEXT_FIELDS, "channels", "other_channels", *(k for k, _ in SET_FIELDS))

# What the template calls each record key: the words of previews, messages and headers.
RECORD_LABELS = {
    "number": "序号",
    "level1": "一级事项",
    "level2": "二级事项",
    "content": "公开内容（要素）",
    "basis": "公开依据",
    "deadline": "公开时限",
    "issuing_body": "公开主体",
    "channels": "公开渠道和载体",
    "other_channels": "其他渠道",
    "audience": "公开对象",
    "mode": "公开方式",
    "level": "公开层级",
}


def natural_key(record):
    """The importer's match key inside a domain: (level-1 item, level-2 item)."""
    return (record["level1"], record.get("level2", ""))


def ticks_other(record):
    """The record's side of DisclosureItem.ticks_other: 其他 chosen, or any other channel."""
    return OTHER in record.get("channels", []) or bool(record.get("other_channels"))


def item_to_record(item):
    """Return `item` as a record; channels come from the prefetch cache when there is one."""
    return record_from_item_fields(item, item.channels.all())


def apply_record(item, record, channels_by_name):
    """
    Copy `record` onto `item` (unsaved) and return the Channel rows it should be linked to.

    `channels_by_name` maps every channel name of the channel table to its row; other channel
    names that are not rows stay free text in `other_channels`.
    """
    item.number = int(record.get("number") or 0)
    for field in TEXT_FIELDS:
        setattr(item, field, (record.get(field) or "").strip())
    names = record.get("channels", [])
    if record.get("other_channels"):
        # 其他 stands for the other channels here (ticks_other), so they are what gets stored.
        names = [name for name in names if name != OTHER]
    linked = [channels_by_name[name] for name in names]
    free_text = []
    for name in record.get("other_channels", []):
        if name in channels_by_name:
            linked.append(channels_by_name[name])
        else:
            free_text.append(name)
    item.other_channels = "\n".join(free_text)
    for key, flags in SET_FIELDS:
        labels = set(record.get(key, []))
        for field, label in flags:
            setattr(item, field, label in labels)
    return linked


def record_from_item_fields(item, channels):
    """The record `item` would have after linking `channels`: lets callers diff before saving."""
    record = {"number": item.number}
    record.update({field: getattr(item, field) for field in TEXT_FIELDS})
    ordered = sorted(channels, key=lambda c: (c.order, c.pk))
    record["channels"] = [c.name for c in ordered if c.is_standard]
    record["other_channels"] = [c.name for c in ordered if not c.is_standard]
    record["other_channels"] += item.other_channel_list
    if ticks_other(record) and OTHER not in record["channels"]:
        record["channels"].append(OTHER)  # the last standard channel in template order
    for key, flags in SET_FIELDS:
        record[key] = [label for field, label in flags if getattr(item, field)]
    return record
