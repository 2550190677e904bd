import io
import json
import re

import pytest
from django.core.management import CommandError, call_command

from catalogue.channels import STANDARD_CHANNELS, WEBSITE
from catalogue.models import Channel, DisclosureItem, Domain
from catalogue.records import RECORD_KEYS
from columns.models import Column
from disclosure.standard_data import CATALOGUE_PATH, load_standard_data, read_catalogue
from offices.models import Office

pytestmark = pytest.mark.django_db

DOCUMENT_NUMBER = re.compile(r"〔\d{4}〕\d+号|令第\d+号")


def load(*args):
    call_command("load_standard_data", *args, stdout=io.StringIO())


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Channel, Domain, DisclosureItem, Column, Office)
    } | {
        "item_channels": DisclosureItem.channels.through.objects.count(),
        "item_columns": DisclosureItem.columns.through.objects.count(),
    }


def test_loads_everything_and_prints_a_summary(capsys):
    call_command("load_standard_data")
    out = capsys.readouterr().out
    assert "公开事项：新建 19，更新 0，未变 0" in out
    assert "栏目：新建 75" in out
    assert list(Channel.objects.values_list("name", "order", "is_standard")) == [
        (name, order, True) for order, name in enumerate(STANDARD_CHANNELS, start=1)
    ]
    assert list(Domain.objects.values_list("slug", flat=True)) == [
        "social-assistance",
        "elderly-care",
    ]
    assert Office.objects.count() == 6
    numbers = Column.objects.exclude(number=None).values_list("number", flat=True)
    assert sorted(numbers) == list(range(1, 76))


def test_second_run_creates_no_duplicates(capsys):
    load()
    before = counts()
    call_command("load_standard_data")
    assert counts() == before
    out = capsys.readouterr().out
    assert "公开事项：新建 0，更新 0，未变 19" in out
    assert "栏目：新建 0，更新 0，未变 75" in out


def test_admin_edits_survive_unless_overwrite(capsys):
    load()
    item = DisclosureItem.objects.get(level1="最低生活保障", level2="办事指南")
    item.content = "办理事项；办理条件（本县细则）"
    item.save()
    item.channels.remove(Channel.objects.get(name="公开查阅点"))
    item.columns.clear()
    Column.objects.filter(number=55).update(frequency=Column.Frequency.TIMELY)
    Domain.objects.filter(slug="elderly-care").update(intro="本县养老服务信息。")

    call_command("load_standard_data")
    assert "保留 1（与基础数据不同，未覆盖）" in capsys.readouterr().out
    item.refresh_from_db()
    assert item.content == "办理事项；办理条件（本县细则）"
    assert item.channels.count() == 2
    assert item.columns.count() == 0
    assert Column.objects.get(number=55).frequency == Column.Frequency.TIMELY
    assert Domain.objects.get(slug="elderly-care").intro == "本县养老服务信息。"

    before = counts()
    call_command("load_standard_data", "--overwrite")
    assert "公开事项：新建 0，更新 1，未变 18" in capsys.readouterr().out
    item.refresh_from_db()
    assert item.content.startswith("办理事项；办理条件；最低生活保障标准")
    assert {c.name for c in item.channels.all()} == {WEBSITE, "公开查阅点", "政务服务中心"}
    assert [c.number for c in item.columns.all()] == [61]
    assert Column.objects.get(number=55).frequency == Column.Frequency.MONTHLY
    assert Domain.objects.get(slug="elderly-care").intro.startswith("依据《养老服务领域")
    after = counts()
    # Same rows; the removed channel link and the cleared column link are back.
    assert after == before | {
        "item_channels": before["item_channels"] + 1,
        "item_columns": before["item_columns"] + 1,
    }


def test_overwrite_keeps_the_publication_status():
    load()
    DisclosureItem.objects.filter(level2="老年人补贴").update(
        status=DisclosureItem.Status.DRAFT, content="草稿"
    )
    load("--overwrite")
    item = DisclosureItem.objects.get(level2="老年人补贴")
    assert item.status == DisclosureItem.Status.DRAFT
    assert item.content.startswith("补贴名称（高龄津贴、养老服务补贴、护理补贴等）")


def test_deleted_and_renamed_items_are_reported_not_recreated(capsys):
    load()
    DisclosureItem.objects.get(level1="临时救助", level2="办事指南").delete()
    renamed = DisclosureItem.objects.get(level1="最低生活保障", level2="审批信息")
    renamed.level2 = "审批结果"
    renamed.save()
    DisclosureItem.objects.filter(level1="特困人员救助供养", level2="审核信息").update(
        status=DisclosureItem.Status.DRAFT
    )
    before = counts()

    call_command("load_standard_data")
    out = capsys.readouterr().out
    assert "公开事项：新建 0，更新 0，未变 17，缺少 2（未重新创建）" in out
    assert "缺少 2 个标准事项（可能已在后台删除），未重新创建；如需恢复请使用 --overwrite" in out
    assert counts() == before
    assert DisclosureItem.objects.count() == 19 - 1
    assert not DisclosureItem.objects.filter(level1="临时救助", level2="办事指南").exists()
    assert not DisclosureItem.objects.filter(level1="最低生活保障", level2="审批信息").exists()
    assert DisclosureItem.objects.get(pk=renamed.pk).level2 == "审批结果"
    assert DisclosureItem.objects.published().count() == 19 - 2

    call_command("load_standard_data", "--overwrite")
    assert "公开事项：新建 2，更新 0，未变 17" in capsys.readouterr().out
    restored = DisclosureItem.objects.get(level1="临时救助", level2="办事指南")
    assert restored.is_published
    assert [c.number for c in restored.columns.all()] == [63]
    assert DisclosureItem.objects.get(level2="审核信息", level1="特困人员救助供养").status == (
        DisclosureItem.Status.DRAFT
    )


def test_a_new_domain_gets_its_items_on_a_later_run():
    load()
    elderly = Domain.objects.get(slug="elderly-care")
    elderly.items.all().delete()
    elderly.delete()
    load()
    assert Domain.objects.get(slug="elderly-care").items.published().count() == 6
    assert DisclosureItem.objects.count() == 19


def test_deleted_columns_are_reported_not_recreated(capsys):
    load()
    item = DisclosureItem.objects.get(level1="养老服务业务办理", level2="老年人补贴")
    Column.objects.get(number=74).delete()
    Column.objects.get(number=20).delete()
    before = counts()

    call_command("load_standard_data")
    out = capsys.readouterr().out
    assert "栏目：新建 0，更新 0，未变 73，缺少 2（未重新创建）" in out
    assert "缺少 2 个栏目（可能已在后台删除），未重新创建；如需恢复请使用 --overwrite" in out
    assert counts() == before
    assert not Column.objects.filter(number__in=[20, 74]).exists()
    assert list(item.columns.all()) == []

    call_command("load_standard_data", "--overwrite")
    assert "栏目：新建 2" in capsys.readouterr().out
    assert [c.number for c in item.columns.all()] == [74]
    assert Column.objects.get(number=20).path_label == "财政资金 › 部门项目"


def test_both_domains_have_their_items_with_channels_and_columns():
    load()
    items = DisclosureItem.objects.for_table()
    social = [i for i in items if i.domain.slug == "social-assistance"]
    elderly = [i for i in items if i.domain.slug == "elderly-care"]
    assert [(i.number, i.level1) for i in social][:2] == [(1, "综合业务"), (2, "综合业务")]
    assert [i.number for i in social] == list(range(1, 14))
    assert [i.number for i in elderly] == list(range(1, 7))
    assert {i.level1 for i in social} == {
        "综合业务",
        "最低生活保障",
        "特困人员救助供养",
        "临时救助",
    }
    assert [i.level2 for i in elderly] == [
        "国家和地方层面养老服务相关法律、法规、政策文件",
        "",
        "",
        "养老机构备案",
        "养老服务扶持补贴",
        "老年人补贴",
    ]
    for item in items:
        assert item.channels.all(), item
        assert item.columns.all(), item
        assert item.mode_proactive and not item.mode_on_request, item
    by_name = {i.name: i for i in items}
    assert [c.number for c in by_name["最低生活保障 / 审批信息"].columns.all()] == [61]
    assert [c.number for c in by_name["特困人员救助供养 / 审核信息"].columns.all()] == [62]
    assert [c.number for c in by_name["临时救助 / 办事指南"].columns.all()] == [63]
    assert [c.number for c in by_name["养老服务业务办理 / 老年人补贴"].columns.all()] == [74]
    assert by_name[
        "养老服务通用政策 / 国家和地方层面养老服务相关法律、法规、政策文件"
    ].columns.get().path_label == ("重点领域信息公开 › 养老服务(老年人福利) › 政策法规")


def test_fixture_data_is_complete_and_uses_the_standard_vocabulary():
    data = read_catalogue()
    assert [d["slug"] for d in data["domains"]] == ["social-assistance", "elderly-care"]
    assert [len(d["items"]) for d in data["domains"]] == [13, 6]
    for domain in data["domains"]:
        assert domain["intro"]
        for record in domain["items"]:
            assert set(record) == {*RECORD_KEYS, "columns"}
            for field in ("level1", "content", "basis", "deadline", "issuing_body"):
                assert record[field].strip(), (record["number"], field)
            assert DOCUMENT_NUMBER.search(record["basis"]), record["number"]
            assert "10个工作日内" in record["deadline"]
            assert "民政部门" in record["issuing_body"] or "乡镇" in record["issuing_body"]
            assert record["channels"], record["number"]
            assert set(record["channels"]) <= set(STANDARD_CHANNELS)
            # Listed in template order, as the ■/□ cell shows them.
            assert record["channels"] == sorted(record["channels"], key=STANDARD_CHANNELS.index)
            assert record["mode"] == ["主动公开"]
            assert record["audience"] and record["level"]
            assert all(1 <= n <= 75 for n in record["columns"])
    text = CATALOGUE_PATH.read_text(encoding="utf-8")
    assert "政府服务中心" not in text
    assert "(" not in text  # full-width brackets throughout, as the catalogues print them


def test_real_values_from_the_national_guideline():
    items = {
        (d["slug"], r["level1"], r["level2"]): r
        for d in read_catalogue()["domains"]
        for r in d["items"]
    }
    review = items["social-assistance", "最低生活保障", "审核信息"]
    assert review["deadline"] == "制定或获取信息之日起10个工作日内，公示7个工作日"
    assert review["level"] == ["乡级"]
    assert "国发〔2012〕45号" in review["basis"] and "民发〔2012〕220号" in review["basis"]
    policy = items["social-assistance", "综合业务", "政策法规文件"]
    assert "《中华人民共和国政府信息公开条例》" in policy["basis"]
    assert "《社会救助暂行办法》（国务院令第649号）" in policy["content"]
    assert (
        "国发〔2016〕14号"
        in items["social-assistance", "特困人员救助供养", "政策法规文件"]["content"]
    )
    assert "民发〔2018〕23号" in items["social-assistance", "临时救助", "政策法规文件"]["content"]
    filing = items["elderly-care", "养老服务业务办理", "养老机构备案"]
    assert filing["deadline"] == "制定或获取备案政策之日起10个工作日内"
    assert filing["channels"] == [WEBSITE, "政务服务中心"]
    # Every item the reference shows on the website carries 政府网站; the two 审核信息 rows are
    # posted on village notice boards only.
    without_website = sorted(k[1:] for k, r in items.items() if WEBSITE not in r["channels"])
    assert without_website == [("最低生活保障", "审核信息"), ("特困人员救助供养", "审核信息")]


def test_bad_fixture_is_rejected_and_nothing_is_written(tmp_path):
    data = json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))
    data["domains"][0]["items"][0]["channels"].append("微信群")
    data["domains"][1]["items"][0]["columns"] = [99]
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValueError) as error:
        load_standard_data(catalogue_path=path)
    assert "社会救助第1项：渠道“微信群”不是标准渠道。" in str(error.value)
    assert "养老服务第1项：栏目序号99不存在。" in str(error.value)
    assert Column.objects.count() == Channel.objects.count() == 0


def test_command_reports_a_bad_column_table(tmp_path, monkeypatch):
    path = tmp_path / "columns.csv"
    path.write_text(
        "number,level1,level2,level3,frequency,owner\n1,政策法规,部门文件,,半年更新,各科室\n",
        encoding="utf-8",
    )
    monkeypatch.setattr("disclosure.standard_data.COLUMNS_PATH", path)
    with pytest.raises(CommandError, match="第2行（序号1）：更新频率“半年更新”无法识别"):
        load()
    assert Channel.objects.count() == 0


def test_query_count_does_not_grow_on_a_rerun(django_assert_max_num_queries):
    load()
    # Channels, offices and columns are read once and items once per domain: 75 columns and 19
    # items fit in 21 queries only if nothing is fetched per row; the holiday calendar's 23
    # years are checked in 2 more (schedules, days); 1 finds the unit (the command's options).
    with django_assert_max_num_queries(24):
        load()


def test_domains_get_their_owner_office_and_a_missing_one_is_filled_later():
    load()
    owners = dict(Domain.objects.values_list("slug", "owner_office__name"))
    assert owners == {
        "social-assistance": "社会救助科",
        "elderly-care": "养老服务和慈善事业促进科",
    }
    # An installation loaded before domains had owners gets them; a changed owner is kept.
    other = Office.objects.get(name="办公室")
    Domain.objects.filter(slug="social-assistance").update(owner_office=None)
    Domain.objects.filter(slug="elderly-care").update(owner_office=other)
    load()
    owners = dict(Domain.objects.values_list("slug", "owner_office__name"))
    assert owners == {"social-assistance": "社会救助科", "elderly-care": "办公室"}


OLD_DIBAO_WORDING = "特困人员（供养对象）名单及相关信息"
OLD_COLUMN_49 = "宣城市民政局政务微信平台"


def test_corrected_standard_wording_reaches_a_database_loaded_before(capsys):
    load()
    approval = DisclosureItem.objects.get(level1="特困人员救助供养", level2="审批信息")
    assert approval.content == "特困人员名单及相关信息"
    assert Column.objects.get(number=49).name == "示范县民政局政务微信平台"
    # A database loaded from the earlier fixtures still holds the old standard text.
    DisclosureItem.objects.filter(pk=approval.pk).update(content=OLD_DIBAO_WORDING)
    Column.objects.filter(number=49).update(name=OLD_COLUMN_49)

    call_command("load_standard_data")

    assert "公开事项：新建 0，更新 1，未变 18" in capsys.readouterr().out
    approval.refresh_from_db()
    assert approval.content == "特困人员名单及相关信息"
    assert approval.history.latest().history_change_reason == "基础数据更新"
    assert Column.objects.get(number=49).name == "示范县民政局政务微信平台"


def test_a_row_a_person_edited_keeps_the_old_wording(capsys):
    load()
    # Old standard wording plus a clerk's own deadline: the row was edited, keep all of it.
    DisclosureItem.objects.filter(level1="特困人员救助供养", level2="审批信息").update(
        content=OLD_DIBAO_WORDING, deadline="本县：5个工作日内"
    )
    Column.objects.filter(number=49).update(name="本局政务微信")

    call_command("load_standard_data")

    assert "保留 1（与基础数据不同，未覆盖）" in capsys.readouterr().out
    approval = DisclosureItem.objects.get(level1="特困人员救助供养", level2="审批信息")
    assert (approval.content, approval.deadline) == (OLD_DIBAO_WORDING, "本县：5个工作日内")
    assert Column.objects.get(number=49).name == "本局政务微信"


def test_no_real_place_names_in_the_demo_county_data():
    """The demo county's site names itself, not a real city (宣城, the column table's source)."""
    from django.conf import settings

    texts = [
        (settings.BASE_DIR / "fixtures" / name).read_text(encoding="utf-8")
        for name in ("columns.csv", "standard_catalogue.json", "demo_publications.json")
    ]
    for place in ("宣城", "宣州", "安徽", "泾县", "平潭"):
        assert not any(place in text for text in texts), place
    assert "示范县民政局政务微信平台" in texts[0]
