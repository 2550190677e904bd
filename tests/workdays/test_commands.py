"""import_holidays (a notice or CSV) and export_holidays, as an operator runs them."""

import datetime
import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from audit.models import AuditEntry
from tests.workdays.test_made_up_year import MADE_UP_2027
from workdays.models import Schedule, ScheduleDay

d = datetime.date
pytestmark = pytest.mark.django_db
NOTICES = Path(__file__).parent / "notices"


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def notice_2027(tmp_path):
    path = tmp_path / "通知.txt"
    path.write_text(MADE_UP_2027, encoding="utf-8")
    return path


def test_dry_run_prints_each_day_and_writes_nothing(notice_2027):
    output = run("import_holidays", "--notice", str(notice_2027), "--year", "2027", "--dry-run")
    lines = output.splitlines()
    assert lines[:4] == ["2027-01-01 放假", "2027-01-02 放假", "2027-01-03 放假", "2027-01-31 上班"]
    assert "2027-02-20 上班" in lines and "2027-10-09 上班" in lines
    assert lines[-1] == "2027年：放假 17 天，调休上班 4 天（试运行，未保存）。"
    assert not Schedule.objects.filter(year=2027).exists()


def test_import_saves_the_year_as_a_persons_entry(notice_2027):
    output = run("import_holidays", "--notice", str(notice_2027), "--year", "2027")
    assert "2027年：放假 17 天，调休上班 4 天，已保存。" in output
    schedule = Schedule.objects.get(year=2027)
    assert schedule.entered_by_person and schedule.notice_text == MADE_UP_2027
    assert schedule.days.count() == 21
    assert AuditEntry.objects.filter(action="calendar_enter").count() == 1


def test_the_year_comes_from_the_title_when_not_given():
    output = run("import_holidays", "--notice", str(NOTICES / "2023.txt"), "--dry-run")
    assert output.splitlines()[0] == "2022-12-31 放假"
    assert output.splitlines()[-1].startswith("2023年：")


def test_an_unreadable_sentence_exits_non_zero_naming_it(tmp_path):
    path = tmp_path / "通知.txt"
    path.write_text("一、元旦：1月1日（周五）放假1天。\n二、春节：2月6日至8日，共3天。\n", "utf-8")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_holidays", "--notice", str(path), "--year", "2027"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "2027-01-01 放假" in result.stdout
    assert "无法识别这句话：“二、春节：2月6日至8日，共3天”" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_file_and_wrong_options_are_clear(tmp_path):
    with pytest.raises(CommandError, match="无法读取文件"):
        run("import_holidays", "--notice", str(tmp_path / "无.txt"), "--year", "2027")
    with pytest.raises(CommandError, match="二者选一"):
        run("import_holidays")


def test_csv_round_trip(tmp_path):
    out = tmp_path / "2026.csv"
    run("export_holidays", "--year", "2026", "-o", str(out))
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[:2] == ["日期,类型,节日", "2026-01-01,放假,元旦"]
    assert "2026-01-04,上班,元旦" in text
    # Move it to 2027 as made-up test data and import it back.
    made_up = tmp_path / "made-up.csv"
    made_up.write_text("日期,类型,节日\n2027-01-01,放假,元旦\n2027-01-31,上班,春节\n", "utf-8")
    assert "2027年的节假日安排已保存" in run("import_holidays", str(made_up))
    assert dict(ScheduleDay.objects.filter(schedule__year=2027).values_list("date", "kind")) == {
        d(2027, 1, 1): "off",
        d(2027, 1, 31): "work",
    }
    assert run("export_holidays", "--year", "2027").splitlines()[1] == "2027-01-01,放假,元旦"


def test_a_bad_csv_changes_nothing_and_names_the_rows(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "日期,类型,节日\n2026-01-01,放假,元旦\n2026-13-01,放假,\n2026-01-05,上班,\n2026-01-06,休息,\n",
        "utf-8",
    )
    before = dict(ScheduleDay.objects.filter(schedule__year=2026).values_list("date", "kind"))
    with pytest.raises(CommandError) as error:
        run("import_holidays", str(path))
    message = str(error.value)
    assert "第 3 行：日期“2026-13-01”无效" in message
    assert "第 5 行：类型“休息”无效，应为“放假”或“上班”。" in message
    assert "2026-01-05 是周一至周五，本来就是工作日，不能标为调休上班。" in message
    after = dict(ScheduleDay.objects.filter(schedule__year=2026).values_list("date", "kind"))
    assert after == before


def test_export_of_a_year_nobody_entered_says_so():
    with pytest.raises(CommandError, match="2027年的节假日安排尚未录入"):
        run("export_holidays", "--year", "2027")


def test_load_standard_data_seeds_the_calendar_and_keeps_a_persons_year():
    from tests.factories import enter_test_schedule

    enter_test_schedule(2026, {d(2026, 1, 1): "off"})
    output = run("load_standard_data")
    assert "节假日安排：已与软件包数据一致，无需写入；人工录入的 1 年（2026）保持不变" in output
    assert dict(ScheduleDay.objects.filter(schedule__year=2026).values_list("date", "kind")) == {
        d(2026, 1, 1): "off"
    }
