"""Plain factory functions for tests: sensible defaults, override anything with keywords."""

from itertools import count

from catalogue.channels import STANDARD_CHANNELS
from catalogue.models import Channel, DisclosureItem, Domain
from columns.models import Column
from offices.models import Office

_seq = count(1)


def make_channels():
    """Create (or fetch) the 13 standard channels and return them by name."""
    channels = {}
    for order, name in enumerate(STANDARD_CHANNELS, start=1):
        channels[name], _ = Channel.objects.get_or_create(
            name=name, defaults={"order": order, "is_standard": True}
        )
    return channels


def make_domain(**kwargs):
    n = next(_seq)
    kwargs.setdefault("name", f"测试领域{n}")
    kwargs.setdefault("slug", f"domain-{n}")
    kwargs.setdefault("order", n)
    return Domain.objects.create(**kwargs)


def make_item(channels=("政府网站",), columns=(), **kwargs):
    """Create a published item in `channels` (names) and `columns` (Column objects)."""
    n = next(_seq)
    if "domain" not in kwargs:
        kwargs["domain"] = make_domain()
    kwargs.setdefault("number", n)
    kwargs.setdefault("level1", "最低生活保障")
    kwargs.setdefault("level2", f"办事指南{n}")
    kwargs.setdefault("content", "办理事项、办理条件、申请材料、办理流程")
    kwargs.setdefault("basis", "《社会救助暂行办法》（国务院令第649号）")
    kwargs.setdefault("deadline", "制定或获取信息之日起10个工作日内")
    kwargs.setdefault("issuing_body", "县级人民政府民政部门")
    kwargs.setdefault("status", DisclosureItem.Status.PUBLISHED)
    item = DisclosureItem.objects.create(**kwargs)
    by_name = make_channels()
    item.channels.set([by_name[name] for name in channels])
    item.columns.set(columns)
    return item


def make_office(**kwargs):
    kwargs.setdefault("name", f"科室{next(_seq)}")
    return Office.objects.create(**kwargs)


def make_column(**kwargs):
    n = next(_seq)
    kwargs.setdefault("name", f"栏目{n}")
    if "owner_office" not in kwargs and kwargs.get("owner_kind", "office") == "office":
        kwargs["owner_office"] = make_office()
    kwargs.setdefault("frequency", Column.Frequency.TIMELY)
    return Column.objects.create(**kwargs)


def make_publication(column=None, **kwargs):
    """Create a published publication (index number allocated) in `column` (made if absent)."""
    from publications.models import Publication

    n = next(_seq)
    kwargs.setdefault("title", f"测试信息{n}")
    kwargs.setdefault("status", Publication.Status.PUBLISHED)
    kwargs.setdefault("body", "第一段。\n\n第二段。")
    return Publication.objects.create(column=column or make_column(), **kwargs)
