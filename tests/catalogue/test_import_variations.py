"""
Every layout real counties send, imported end to end through the engine into the database;
every bad input refused with its message and the database left exactly as it was.
"""

import pytest

from catalogue.importing import ImportRefused, import_catalogue
from catalogue.models import Channel, DisclosureItem
from catalogue.records import item_to_record
from tests.factories import make_channels, make_domain, make_item
from tests.spreadsheet.builders import (
    HEADER_SUB,
    HEADER_TOP,
    ole2_bytes,
    per_channel_workbook,
    rows_workbook,
    sample_records,
    shanghai_workbook,
    template_workbook,
    with_formula_cells,
    zip_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def domain():
    make_channels()
    Channel.objects.create(name="12345政务服务热线", order=20)
    return make_domain(name="社会救助", slug="social-assistance")


def portal_records(domain):
    items = DisclosureItem.objects.filter(domain=domain).prefetch_related("channels")
    return sorted((item_to_record(item) for item in items), key=lambda r: r["number"])


def snapshot():
    return sorted(
        (item.pk, str(item.updated_at), tuple(sorted(item_to_record(item).items(), key=str)))
        for item in DisclosureItem.objects.prefetch_related("channels")
    )


VARIATIONS = {
    "national template": lambda recs: template_workbook(recs),
    "two title rows": lambda recs: template_workbook(recs, title_rows=2),
    "header words with spaces, breaks and variants": lambda recs: template_workbook(
        recs,
        header_words={
            "公开时限": "公开   时限",
            "依申请公开": "依申\n请公开",
            "特定群体": "特定群众",
            "乡级": "乡、村级",
            "公开内容（要素）": "公开内容(要素)",
        },
    ),
    "level-1 blank below, no merge": lambda recs: template_workbook(recs, merge_level1="blank"),
    "channels on one line": lambda recs: template_workbook(recs, channel_style="inline"),
    "only the chosen channels": lambda recs: template_workbook(recs, channel_style="chosen"),
    "口 typed for □": lambda recs: template_workbook(recs, channel_style="cjk_box"),
    "ticks as ✓": lambda recs: template_workbook(recs, tick="✓"),
    "ticks as ■": lambda recs: template_workbook(recs, tick="■"),
    "ticks as ☑": lambda recs: template_workbook(recs, tick="☑"),
    "ticks as 是": lambda recs: template_workbook(recs, tick="是"),
    "ticks as 1": lambda recs: template_workbook(recs, tick=1),
    "notes block, blank rows, HTML-export trailing cells": lambda recs: template_workbook(
        recs, notes=True, blank_rows=True, trailing_empty_columns=3, trailing_empty_rows=2
    ),
    "Traditional characters": lambda recs: template_workbook(recs, traditional=True),
    "a cover sheet before the catalogue": lambda recs: template_workbook(
        recs, sheets_before=[("说明", [["本表由县民政局编制"]])]
    ),
    "one column per channel": lambda recs: per_channel_workbook(
        recs, local_channels=["12345政务服务热线"]
    ),
    "Shanghai layout: words, plain channel list, other column order": lambda recs: (
        shanghai_workbook(recs, level=True)
    ),
}


@pytest.mark.parametrize("build", VARIATIONS.values(), ids=VARIATIONS.keys())
def test_each_layout_imports_the_same_catalogue(domain, build):
    expected = sample_records()
    result = import_catalogue(build(expected), domain, dry_run=False, publish=True)
    assert not result.failed, result.error_messages
    got = portal_records(domain)
    assert [(r["level1"], r["level2"]) for r in got] == [
        (r["level1"], r["level2"]) for r in expected
    ]
    for got_record, want in zip(got, expected, strict=True):
        for key in ("content", "basis", "issuing_body", "channels", "audience", "mode", "level"):
            assert got_record[key] == want[key], (key, got_record["level2"])
    assert DisclosureItem.objects.published().count() == len(expected)
    # Importing the same file again changes nothing.
    again = import_catalogue(build(expected), domain, dry_run=False)
    assert again.summary.startswith(f"新增 0 个，修改 0 个，无变化 {len(expected)} 个")


def test_formula_cells_import_their_cached_values(domain):
    data = with_formula_cells(
        template_workbook(sample_records()), "社会救助", {"A4": ("ROW()+3", 7)}
    )
    import_catalogue(data, domain, dry_run=False)
    assert DisclosureItem.objects.get(level1="最低生活保障", level2="政策法规文件").number == 7


def no_header():
    return rows_workbook({"甲": [["序号", "名称"], [1, "x"]]})


def row(**cells):
    values = {
        "number": 1,
        "level1": "最低生活保障",
        "level2": "办事指南",
        "content": "办理流程",
        "basis": "",
        "deadline": "",
        "issuing_body": "",
        "channels": "■政府网站",
    }
    values.update(cells)
    line = [values[k] for k in values] + ["√", None, "√", None, "√", None]
    return rows_workbook({"社会救助": [HEADER_TOP, HEADER_SUB, line]})


BAD_INPUTS = {
    "empty file": (lambda: b"", "文件是空的"),
    "CSV": (lambda: "序号,一级事项\n1,低保\n".encode(), ".xlsx"),
    "old .xls": (lambda: ole2_bytes("Workbook"), ".xls"),
    "password-protected workbook": (lambda: ole2_bytes("EncryptedPackage"), "密码"),
    "renamed Word document": (lambda: ole2_bytes("WordDocument"), ".xlsx"),
    "corrupt zip": (lambda: b"PK\x03\x04" + b"\x00" * 200, ".xlsx"),
    "zip bomb": (
        lambda: zip_bytes(
            {"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": bytes(5 << 20)}
        ),
        "压缩炸弹",
    ),
    "no recognisable header": (no_header, "未找到表头"),
    "a row with no item name": (lambda: row(level1=None), "第 3 行“一级事项”列：缺少事项名称"),
    "a row with no content": (lambda: row(content=""), "第 3 行“公开内容（要素）”列"),
    "an unknown channel in a plain list": (
        lambda: row(channels="政府网站、征地平台X"),
        "第 3 行“公开渠道和载体”列：未知的公开渠道“征地平台X”",
    ),
}


@pytest.mark.parametrize("build, message", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_bad_input_is_refused_and_nothing_changes(domain, build, message):
    make_item(domain=domain, level1="最低生活保障", level2="办事指南", content="原有内容")
    before = snapshot()
    with pytest.raises(ImportRefused) as refused:
        import_catalogue(build(), domain, dry_run=False)
    assert message in str(refused.value)
    assert snapshot() == before


def test_file_over_the_size_limit_is_refused(domain, settings):
    settings.PORTAL_IMPORT_MAX_BYTES = 2048
    before = snapshot()
    with pytest.raises(ImportRefused, match="上限"):
        import_catalogue(template_workbook(sample_records()), domain, dry_run=False)
    assert snapshot() == before


def test_a_bad_row_after_good_ones_writes_nothing(domain):
    assert not import_catalogue(template_workbook(sample_records()), domain, dry_run=False).failed
    before = snapshot()
    edited = sample_records()
    edited[0]["content"] = "改过的内容"
    edited.append(dict(edited[1]))  # row 10 repeats row 5's item
    with pytest.raises(ImportRefused, match="第 5 行与第 10 行是同一事项"):
        import_catalogue(template_workbook(edited), domain, dry_run=False)
    assert snapshot() == before
