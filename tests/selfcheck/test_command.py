"""`manage.py selfcheck`: the grouped list, the summary line and the exit codes cron relies on."""

import datetime
import io
from contextlib import redirect_stderr, redirect_stdout

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError

from columns.models import Column
from tests.factories import make_column, make_item, make_office, make_publication

pytestmark = pytest.mark.django_db
MONTHLY = Column.Frequency.MONTHLY


def run(*args):
    """Run the command as cron does (argv, exit code); return (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err), pytest.raises(SystemExit) as exited:
        ManagementUtility(["manage.py", "selfcheck", *args]).execute()
        raise SystemExit(0)  # returned normally
    return exited.value.code or 0, out.getvalue(), err.getvalue()


def test_a_clean_portal_exits_0_and_says_so():
    column = make_column(frequency=MONTHLY)
    make_publication(column, published_on=datetime.date(2026, 3, 2))
    out = io.StringIO()
    call_command("selfcheck", "--date", "2026-03-16", stdout=out)
    assert out.getvalue().splitlines() == [
        "政务公开自查问题清单，检查日期 2026-03-16",
        "国家政府网站抽查（单项否决，全站）：合格",
        "  网站最新信息距今天数：14（超过 14 天不合格）— 合格",
        "  应更新未更新的栏目：0（10 个及以上不合格）— 合格",
        "  空白栏目：0（5 个及以上不合格）— 合格",
        "  超过三个月未答复的留言：0（1 条及以上不合格）— 合格",
        "  失效的链接和附件：0（1 个及以上不合格）— 合格",
        "未发现问题。",
    ]
    assert run("--date", "2026-03-16")[0] == 0


def test_problems_are_printed_by_office_with_a_summary_and_exit_1():
    relief = make_office(name="社会救助科", order=1)
    make_column(name="低保公示", frequency=MONTHLY, owner_office=relief)
    column = make_column(name="特困公示", frequency=MONTHLY, owner_office=relief)
    make_publication(column, published_on=datetime.date(2026, 1, 10))
    make_item(level1="临时救助", level2="办事指南", basis="")
    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("selfcheck", "--date", "2026-03-16", stdout=out)
    assert exited.value.code == 1
    lines = out.getvalue().splitlines()
    assert lines[:2] == [
        "政务公开自查问题清单，检查日期 2026-03-16",
        "国家政府网站抽查（单项否决，全站）：不合格",
    ]
    assert "  网站最新信息距今天数：65（超过 14 天不合格）— 不合格" in lines
    lines = lines[:1] + lines[7:]
    assert lines[:5] == [
        "政务公开自查问题清单，检查日期 2026-03-16",
        "",
        "【社会救助科】2 个问题",
        "  栏目逾期未更新 — 特困公示：更新频率为“每月更新”，最近一次发布于 2026年1月10日，"
        "更新截止日期 2026年2月28日，已逾期 11 个工作日",
        "  栏目无信息 — 低保公示：更新频率为“每月更新”，至今没有发布任何信息",
    ]
    assert "【未指定科室】2 个问题" in lines
    assert any(line.startswith("  事项要素缺失 — ") and "缺少公开依据" in line for line in lines)
    assert lines[-1] == (
        "共 5 个问题：栏目逾期未更新 1，栏目无信息 1，事项未关联栏目 1，事项要素缺失 1，"
        "网站两周未更新 1。"
    )
    assert run("--date", "2026-03-16")[0] == 1


def test_the_office_option_limits_the_list():
    relief = make_office(name="社会救助科")
    make_column(name="低保公示", frequency=MONTHLY, owner_office=relief)
    make_column(name="别人的栏目", frequency=MONTHLY)
    code, out, _ = run("--office", "社会救助科", "--date", "2026-03-16")
    assert code == 1
    assert "政务公开自查问题清单（社会救助科）" in out
    assert "低保公示" in out and "别人的栏目" not in out
    assert "共 1 个问题" in out


def test_an_office_without_problems_exits_0():
    make_office(name="社会救助科")
    make_column(name="别人的栏目", frequency=MONTHLY)
    code, out, _ = run("--office", "社会救助科")
    assert code == 0
    assert "未发现问题。" in out


def test_an_unknown_office_is_an_error_listing_the_valid_ones():
    make_office(name="社会救助科")
    with pytest.raises(CommandError) as error:
        call_command("selfcheck", "--office", "救助科", stdout=io.StringIO())
    assert "没有名为“救助科”的科室" in str(error.value)
    assert "社会救助科" in str(error.value)
    code, out, err = run("--office", "救助科")
    assert code == 2
    assert "可用的责任科室：社会救助科、共同负责" in err
    assert out == ""


def test_a_malformed_date_is_an_error():
    code, _, err = run("--date", "2026/03/16")
    assert code == 2
    assert "日期“2026/03/16”无效：请按 YYYY-MM-DD 填写" in err
