import datetime
import json

import pytest
from django.core.management import CommandError, call_command

from ledger import exporting, importing
from ledger.models import Ledger, OfficeName, ProgressEntry, Requirement
from ledger.office_names import waiting_names
from ledger.reading import read_ledger_file
from offices.models import Office
from spreadsheet.errors import SpreadsheetError
from tests.ledger import files
from units.models import Unit

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def offices():
    names = ["办公室", "社会救助科", "养老服务科", "规划财务股", "信息中心"]
    return {name: Office.objects.create(name=name, order=i) for i, name in enumerate(names)}


def _import(data, year, **kwargs):
    unit = kwargs.pop("unit", None) or Unit.objects.home()
    plan, ledger = importing.import_file(read_ledger_file(data), year, unit, **kwargs)
    return plan, ledger


def _by_number(ledger):
    return {r.number: r for r in Requirement.objects.filter(ledger=ledger).with_tasks()}


def _offices(requirement, role):
    return sorted(
        r.office.name
        for r in requirement.responsibility_set.filter(role=role).select_related("office")
    )


def test_seed_004_layout_with_every_trait(offices):
    plan, ledger = _import(files.seed_004_xlsx(), 2021)
    assert plan.count("new") == 7
    by_number = _by_number(ledger)
    assert list(by_number) == ["1", "2", "3", "4", "5", "13", "15"]

    first = by_number["1"]
    assert first.task.title == "一、进一步强化重点领域信息公开"
    assert first.subtask.title == "（一）做好各类规划主动公开。"
    assert first.lead_names == ["规划财务处"]
    assert first.support_names == ["其他部门（单位）"]
    assert _offices(first, "lead") == []  # 规划财务股 only looks alike: a person decides
    assert _offices(first, "support") == []
    assert (first.due, first.ongoing) == (D(2021, 12, 31), False)

    # The task cell left blank below: requirement 2 and 3 stay under task 一.
    assert by_number["2"].task == first.task
    third = by_number["3"]
    assert third.task == first.task
    assert third.subtask.title == "（三）做好财政信息公开。"  # half-width brackets, same task
    assert third.lead_names == ["规划财务处", "福彩中心"] and third.support_names == []

    fourth = by_number["4"]
    assert fourth.lead_names == ["社会救助处", "养老服务处", "省养老服务发展中心", "等"]
    assert _offices(fourth, "lead") == []
    assert (fourth.due, fourth.ongoing) == (None, True)

    # Continued over the page break: the text and the office list joined, no new requirement.
    fifth = by_number["5"]
    assert fifth.text.endswith("讲明讲透政策内涵。")
    assert fifth.lead_names == ["社会救助处", "养老服务处"]
    assert fifth.due == D(2021, 12, 31)

    thirteenth = by_number["13"]
    assert thirteenth.task.title == "三、进一步强化政务公开工作基础"
    assert _offices(thirteenth, "lead") == ["办公室"]
    assert _offices(thirteenth, "support") == ["信息中心"]
    assert thirteenth.due == D(2021, 10, 31)
    assert thirteenth.recurrence == "quarterly"
    assert thirteenth.due_dates() == [
        D(2021, 3, 31),
        D(2021, 6, 30),
        D(2021, 9, 30),
        D(2021, 10, 31),
    ]

    fifteenth = by_number["15"]
    assert fifteenth.subtask is None  # a new level-1 task resets the level-2 one
    assert fifteenth.due == D(2021, 11, 30)
    assert fifteenth.recurrence == "yearly"

    assert set(plan.unmatched) == {
        "其他部门（单位）",
        "规划财务处",
        "社会组织管理局",
        "福彩中心",
        "社会救助处",
        "养老服务处",
        "省养老服务发展中心",
    }
    assert set(waiting_names(Unit.objects.home().pk)) == set(plan.unmatched)


def test_mapping_a_name_links_every_requirement(offices):
    _, ledger = _import(files.seed_004_xlsx(), 2021)
    name = OfficeName.objects.get(name="福彩中心")
    name.office = offices["规划财务股"]
    name.save()
    from ledger.office_names import relink_all

    relink_all(Unit.objects.home().pk)
    assert _offices(_by_number(ledger)["3"], "lead") == ["规划财务股"]
    assert "福彩中心" not in waiting_names(Unit.objects.home().pk)


def test_office_names_follow_one_rule_shown_in_the_preview(offices, admin_client):
    """Exact name or a person's mapping; 等 is no office; alike names are only suggested."""
    rows = [
        files.SEED_004_HEADER,
        ["一、任务", None, "1", "要求一", "社会救助处、养老服务处、省养老服务发展中心等", "年底前"],
        ["一、任务", None, "2", "要求二", "社会事务处（儿童福利处）牵头，办公室配合", "年底前"],
        ["一、任务", None, "3", "要求三", "社会救助科", "年底前"],
    ]
    OfficeName.objects.create(name="养老服务处", office=offices["养老服务科"])
    plan, ledger = _import(files.xlsx_bytes(rows), 2026)
    by_name = {match.name: match for match in plan.matches}
    assert "等" not in by_name and "等" not in plan.unmatched
    assert by_name["社会救助处"].office is None  # the province's 处, not the county's 科
    assert by_name["社会救助处"].similar == offices["社会救助科"]
    assert by_name["养老服务处"].office == offices["养老服务科"]
    assert "科室名称对照" in by_name["养老服务处"].reason
    assert by_name["社会救助科"].office == offices["社会救助科"]
    assert by_name["社会事务处（儿童福利处）"].office is None
    assert by_name["办公室"].office == offices["办公室"]
    assert set(plan.unmatched) == {"社会救助处", "省养老服务发展中心", "社会事务处（儿童福利处）"}
    by_number = _by_number(ledger)
    assert _offices(by_number["1"], "lead") == ["养老服务科"]
    assert _offices(by_number["3"], "lead") == ["社会救助科"]
    assert not OfficeName.objects.filter(name="等").exists()
    assert Office.objects.count() == len(offices)  # never invents an office
    assert "等" not in waiting_names(Unit.objects.home().pk)

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    upload = SimpleUploadedFile("台账.xlsx", files.xlsx_bytes(rows))
    page = admin_client.post(
        reverse("admin:ledger_ledger_import"), {"year": 2026, "file": upload}
    ).content.decode()
    assert 'id="office-matches"' in page
    assert "名称相近的本单位科室：社会救助科" in page and "已在“科室名称对照”中对照" in page


def test_seed_003_layout(offices):
    plan, ledger = _import(files.seed_003_xlsx(), 2020, issued_on=D(2020, 7, 8))
    by_number = _by_number(ledger)
    assert list(by_number) == ["1", "2", "16", "19", "21", "26"]
    assert by_number["1"].text == "梳理规范基层政府权责清单"
    assert by_number["2"].task.title == "梳理基层政务公开事项"  # merged down
    assert by_number["1"].lead_names == ["区直各部门", "镇", "各街办", "管理处"]
    assert by_number["1"].guide_names == ["区审批局"]
    assert by_number["1"].due == D(2020, 7, 31)
    assert by_number["26"].due == D(2022, 6, 30)
    # The group number 8 used twice: one task.
    assert by_number["19"].task == by_number["21"].task
    # A due date before the plan's own date is imported with a warning.
    assert any("2020年4月30日 早于台账印发日期 2020年7月8日" in w for w in plan.warnings)


def test_docx_tables_of_the_same_shape(offices):
    rows = files.SEED_004_ROWS
    data = files.docx_bytes([rows[1:4], rows[4:8], rows[8:]])
    _, ledger = _import(data, 2021)
    by_number = _by_number(ledger)
    assert list(by_number) == ["1", "2", "3", "4", "5", "13", "15"]
    assert by_number["5"].text.endswith("讲明讲透政策内涵。")
    assert by_number["13"].support_names == ["信息中心"]


def test_round_trip_reports_no_change(offices, tmp_path):
    _, ledger = _import(files.seed_004_xlsx(), 2021)
    exported = exporting.to_xlsx(ledger)
    plan, _ = _import(exported, 2021, dry_run=True)
    assert not plan.has_changes and plan.count("unchanged") == 7
    path = tmp_path / "台账.xlsx"
    call_command("export_ledger", year=2021, format="xlsx", output=str(path))
    from io import StringIO

    out = StringIO()
    call_command("import_ledger", str(path), year=2021, dry_run=True, stdout=out)
    assert "无变化" in out.getvalue()


def test_json_export_shape(offices, tmp_path):
    _, ledger = _import(files.seed_004_xlsx(), 2021)
    requirement = _by_number(ledger)["13"]
    ProgressEntry.objects.create(
        requirement=requirement,
        office=offices["办公室"],
        text="已公开一季度情况",
        state="in_progress",
        status="published",
    )
    path = tmp_path / "ledger.json"
    call_command("export_ledger", year=2021, format="json", output=str(path))
    rows = json.loads(path.read_text())
    assert rows[0] == {
        "task": "一、进一步强化重点领域信息公开",
        "subtask": "（一）做好各类规划主动公开。",
        "number": "1",
        "requirement": "主动公开我省民政十四五规划纲要及有关专项规划等。",
        "lead": ["规划财务处"],
        "support": ["其他部门（单位）"],
        "guide": [],
        "deadline_text": "年底前",
        "due": "2021-12-31",
        "ongoing": False,
        "state": "not_started",
    }
    assert rows[3]["ongoing"] is True and rows[3]["due"] is None
    assert rows[5]["state"] == "in_progress"


def test_changes_are_listed_and_applied(offices):
    _import(files.seed_004_xlsx(), 2021)
    rows = [list(row) for row in files.SEED_004_ROWS]
    rows[3][5] = "9月底前"
    del rows[11]
    plan, ledger = _import(files.xlsx_bytes(rows), 2021)
    changed = [line for line in plan.lines if line.kind == "changed"]
    assert [(line.number, line.changes) for line in changed] == [("2", ["时限要求"])]
    assert [line.number for line in plan.lines if line.kind == "removed"] == ["15"]
    assert _by_number(ledger)["2"].due == D(2021, 9, 30)
    assert "15" not in _by_number(ledger)


def test_a_requirement_with_progress_is_never_deleted(offices):
    _, ledger = _import(files.seed_004_xlsx(), 2021)
    ProgressEntry.objects.create(
        requirement=_by_number(ledger)["15"],
        office=offices["社会救助科"],
        text="已评估",
        state="done",
    )
    rows = files.SEED_004_ROWS[:-1]
    with pytest.raises(importing.ImportRefused, match=r"序号 15.*已有进展记录"):
        _import(files.xlsx_bytes(rows), 2021)
    assert "15" in _by_number(ledger)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda rows: rows[3].__setitem__(2, "1"), "工作表“台账”第 4 行“具体要求”列：序号 1 重复"),
        (
            lambda rows: rows[3].__setitem__(4, None),
            "工作表“台账”第 4 行“责任部门（单位）”列：缺少责任部门",
        ),
        (
            lambda rows: rows[3].__setitem__(3, None),
            "工作表“台账”第 4 行“具体要求”列：缺少具体要求的内容",
        ),
    ],
)
def test_bad_files_are_refused_whole_with_sheet_row_and_column(offices, change, message):
    rows = [list(row) for row in files.SEED_004_ROWS]
    change(rows)
    with pytest.raises((SpreadsheetError, importing.ImportRefused)) as caught:
        _import(files.xlsx_bytes(rows), 2021)
    assert message in str(caught.value)
    assert not Ledger.objects.exists()


def test_the_command_refuses_in_chinese(offices, tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(files.xlsx_bytes([["名称", "说明"], ["a", "b"]]))
    with pytest.raises(CommandError, match="未找到台账表头"):
        call_command("import_ledger", str(path), year=2021)
    path.write_bytes(b"not a workbook")
    with pytest.raises(CommandError, match="不是 Excel 工作簿"):
        call_command("import_ledger", str(path), year=2021)


def test_a_damaged_or_bloated_word_file_is_refused(offices):
    import io
    import zipfile

    with pytest.raises(SpreadsheetError, match="Word 文档无法安全读取"):
        read_ledger_file(b"PK\x03\x04 not really a zip", name="台账.docx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"0" * (30 * 1024 * 1024))
    with pytest.raises(SpreadsheetError, match="Word 文档无法安全读取"):
        read_ledger_file(buffer.getvalue(), name="台账.docx")
