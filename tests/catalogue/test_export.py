"""Export of a domain's catalogue: the template-layout workbook, CSV, JSON, download and command."""

import csv
import io
import json
import zipfile
from urllib.parse import quote

import openpyxl
import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.http import Http404
from django.urls import reverse

from catalogue.exporting import export_domain
from catalogue.importing import import_catalogue
from catalogue.models import Channel, DisclosureItem, Domain
from catalogue.records import item_to_record
from tests.factories import make_channels, make_domain, make_item
from units.models import Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def make_catalogue(domain=None):
    """A small 社会救助 catalogue: a level-1 group of three, a local channel, a draft, a formula."""
    domain = domain or make_domain(name="社会救助", slug="social-assistance")
    make_channels()
    hotline = Channel.objects.create(name="12345政务服务热线", order=20, is_standard=False)
    items = [
        make_item(
            domain=domain,
            number=1,
            level1="综合业务",
            level2="政策法规文件",
            channels=("政府网站", "公开查阅点", "政务服务中心"),
        ),
        make_item(
            domain=domain,
            number=2,
            level1="最低生活保障",
            level2="办事指南",
            other_channels="村民微信群",
            level_township=True,
        ),
        make_item(
            domain=domain,
            number=3,
            level1="最低生活保障",
            level2="审核信息",
            content="初审对象名单及相关信息",
            deadline="制定或获取信息之日起10个工作日内，公示7个工作日",
            channels=("社区/企事业单位/村公示栏（电子屏）",),
            audience_public=False,
            audience_specific=True,
            level_county=False,
            level_township=True,
        ),
        make_item(
            domain=domain,
            number=4,
            level1="最低生活保障",
            level2="审批信息",
            basis='=HYPERLINK("http://example.com","点击")',
            mode_on_request=True,
        ),
        make_item(
            domain=domain,
            number=5,
            level1="临时救助",
            level2="办事指南",
            status=DisclosureItem.Status.DRAFT,
        ),
    ]
    items[1].channels.add(hotline)
    return domain, items


def load_sheet(data):
    return openpyxl.load_workbook(io.BytesIO(data)).active


def merged(ws):
    return {str(cell_range) for cell_range in ws.merged_cells.ranges}


def content(data):
    """What a file says, comparable across exports: xlsx bytes carry the time they were saved."""
    if not data.startswith(b"PK"):
        return data
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return [
        (ws.title, sorted(merged(ws)), [list(row) for row in ws.iter_rows(values_only=True)])
        for ws in workbook.worksheets
    ]


@pytest.mark.django_db
def test_xlsx_title_and_two_row_header_are_merged_like_the_template():
    domain, _ = make_catalogue()
    ws = load_sheet(export_domain(domain, "xlsx"))

    assert ws["A1"].value == "社会救助领域基层政务公开标准目录"
    assert "示范县民政局" in ws["A2"].value
    ranges = merged(ws)
    assert {"A1:N1", "A2:N2"} <= ranges
    assert {"A3:A4", "D3:D4", "E3:E4", "F3:F4", "G3:G4", "H3:H4"} <= ranges
    assert {"B3:C3", "I3:J3", "K3:L3", "M3:N3"} <= ranges
    top = [ws.cell(3, col).value for col in range(1, 15)]
    assert top == [
        "序号",
        "公开事项",
        None,
        "公开内容（要素）",
        "公开依据",
        "公开时限",
        "公开主体",
        "公开渠道和载体",
        "公开对象",
        None,
        "公开方式",
        None,
        "公开层级",
        None,
    ]
    sub = [ws.cell(4, col).value for col in range(2, 4)] + [
        ws.cell(4, col).value for col in range(9, 15)
    ]
    assert sub == [
        "一级事项",
        "二级事项",
        "全社会",
        "特定群体",
        "主动公开",
        "依申请公开",
        "县级",
        "乡级",
    ]
    assert ws.freeze_panes == "A5"


@pytest.mark.django_db
def test_xlsx_rows_group_level1_box_channels_and_tick_sub_columns():
    domain, _ = make_catalogue()
    ws = load_sheet(export_domain(domain, "xlsx"))

    # Staff export: the draft is row 9 (items 1–5 on rows 5–9).
    assert [ws.cell(row, 1).value for row in range(5, 10)] == [1, 2, 3, 4, 5]
    assert [ws.cell(row, 3).value for row in range(5, 10)] == [
        "政策法规文件",
        "办事指南",
        "审核信息",
        "审批信息",
        "办事指南",
    ]
    # 最低生活保障 spans rows 6–8, written once and merged down.
    assert "B6:B8" in merged(ws)
    assert ws["B6"].value == "最低生活保障"
    assert not any(r.startswith(("B5:", "B9:")) for r in merged(ws))

    assert ws["H6"].value == (
        "■政府网站 □政府公报\n"
        "□两微一端 □发布会/听证会\n"
        "□广播电视 □纸质媒体\n"
        "□公开查阅点 □政务服务中心\n"
        "□便民服务站 □入户/现场\n"
        "□社区/企事业单位/村公示栏（电子屏）\n"
        "□精准推送 ■其他\n"
        "■12345政务服务热线 ■村民微信群"
    )
    assert ws["H6"].alignment.wrap_text
    assert "■社区/企事业单位/村公示栏（电子屏）" in ws["H7"].value
    assert ws["H7"].value.count("■") == 1

    # Row 7: 特定群体, 主动公开, 乡级; row 8: 全社会, both modes, 县级.
    assert [ws.cell(7, col).value for col in range(9, 15)] == [None, "√", "√", None, None, "√"]
    assert [ws.cell(8, col).value for col in range(9, 15)] == ["√", None, "√", "√", "√", None]
    assert ws["I8"].alignment.horizontal == "center"
    assert ws["D6"].border.left.style == "thin"
    assert ws["F7"].value == "制定或获取信息之日起10个工作日内，公示7个工作日"


@pytest.mark.django_db
def test_xlsx_notes_block_and_print_setup():
    domain, _ = make_catalogue()
    ws = load_sheet(export_domain(domain, "xlsx"))

    notes_row = 10  # right after the five items
    assert ws.cell(notes_row, 1).value == "注释："
    notes = [ws.cell(notes_row + n, 1).value for n in range(1, 8)]
    assert [note.split(".", 1)[0] for note in notes] == [str(n) for n in range(1, 8)]
    assert notes[0].startswith("1.公开事项：")
    assert notes[6] == "7.公开对象：该类信息公开面对的群体，如全社会、特定群体。"
    assert "全社区" not in "".join(notes)
    assert all(f"A{notes_row + n}:N{notes_row + n}" in merged(ws) for n in range(8))
    assert ws.max_row == notes_row + 7

    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    # A fixed scale that fits the width: under fit-to-page the manual page breaks are ignored.
    assert not ws.sheet_properties.pageSetUpPr.fitToPage
    assert 40 <= ws.page_setup.scale < 100
    assert ws.print_title_rows == "$3:$4"
    assert ws.column_dimensions["D"].width > ws.column_dimensions["A"].width


@pytest.mark.django_db
def test_xlsx_writes_formula_looking_text_as_a_string():
    domain, _ = make_catalogue()
    ws = load_sheet(export_domain(domain, "xlsx"))

    cell = ws["E8"]
    assert cell.value == '=HYPERLINK("http://example.com","点击")'
    assert cell.data_type == "s"
    assert cell.quotePrefix


@pytest.mark.django_db
def test_published_only_leaves_drafts_out_of_every_format():
    domain, items = make_catalogue()
    draft = items[-1]

    ws = load_sheet(export_domain(domain, "xlsx", published_only=True))
    assert ws.cell(8, 1).value == 4
    assert ws.cell(9, 1).value == "注释："
    records = json.loads(export_domain(domain, "json", published_only=True))
    assert [r["number"] for r in records] == [1, 2, 3, 4]
    text = export_domain(domain, "csv", published_only=True).decode("utf-8-sig")
    assert draft.level1 not in text


@pytest.mark.django_db
def test_csv_has_a_bom_a_flat_header_and_escapes_formulas():
    domain, _ = make_catalogue()
    data = export_domain(domain, "csv")

    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == [
        "序号",
        "一级事项",
        "二级事项",
        "公开内容（要素）",
        "公开依据",
        "公开时限",
        "公开主体",
        "公开渠道和载体",
        "全社会",
        "特定群体",
        "主动公开",
        "依申请公开",
        "县级",
        "乡级",
    ]
    assert len(rows) == 6
    assert rows[1][:3] == ["1", "综合业务", "政策法规文件"]
    assert rows[1][7] == "政府网站、公开查阅点、政务服务中心"
    assert rows[2][1] == "最低生活保障"  # every row carries its level-1 name
    assert rows[2][7] == "政府网站、其他、12345政务服务热线、村民微信群"
    assert rows[3][8:] == ["", "√", "√", "", "", "√"]
    assert rows[4][4] == '\'=HYPERLINK("http://example.com","点击")'


@pytest.mark.django_db
def test_json_is_exactly_the_item_records():
    domain, items = make_catalogue()
    data = export_domain(domain, "json")

    assert json.loads(data) == [item_to_record(item) for item in items]
    assert "最低生活保障" in data.decode("utf-8")  # not \u-escaped
    assert data.startswith(b'[\n  {\n    "number": 1,')


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "csv", "json"])
def test_export_query_count_does_not_grow_with_items(fmt, django_assert_max_num_queries):
    domain, _ = make_catalogue()
    for n in range(30):
        make_item(
            domain=domain, number=10 + n, level1=f"事项{n // 3}", channels=("政府网站", "政府公报")
        )

    with django_assert_max_num_queries(3):  # +1: the unit named on the workbook
        export_domain(domain, fmt)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("xlsx", XLSX),
        ("csv", "text/csv; charset=utf-8"),
        ("json", "application/json; charset=utf-8"),
    ],
)
def test_public_download_headers(client, fmt, content_type):
    domain, _ = make_catalogue()
    response = client.get(
        reverse("catalogue:domain-download", kwargs={"slug": domain.slug, "fmt": fmt})
    )

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f'filename="social-assistance.{fmt}"' in disposition
    assert f"filename*=UTF-8''{quote(f'社会救助领域基层政务公开标准目录.{fmt}')}" in disposition
    cache_control = set(response["Cache-Control"].split(", "))
    assert cache_control == {"public", "no-cache", "max-age=0", "must-revalidate"}
    assert response["ETag"]


@pytest.mark.django_db
def test_public_download_gives_published_items_only(client):
    domain, items = make_catalogue()
    url = reverse("catalogue:domain-download", kwargs={"slug": domain.slug, "fmt": "json"})

    records = json.loads(client.get(url).content)
    published = [item for item in items if item.is_published]
    assert records == [item_to_record(item) for item in published]

    ws = load_sheet(client.get(url.replace(".json", ".xlsx")).content)
    assert [ws.cell(row, 1).value for row in range(5, 10)] == [1, 2, 3, 4, "注释："]


@pytest.mark.django_db
def test_public_download_revalidates_with_etag_and_changes_when_items_change(client):
    domain, items = make_catalogue()
    url = reverse("catalogue:domain-download", kwargs={"slug": domain.slug, "fmt": "csv"})
    etag = client.get(url)["ETag"]

    assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    items[-1].status = DisclosureItem.Status.PUBLISHED
    items[-1].save()
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "临时救助" in response.content.decode("utf-8-sig")
    items[0].delete()
    assert client.get(url)["ETag"] != response["ETag"]


@pytest.mark.django_db
def test_public_download_etag_follows_channels_domain_name_and_bureau(client):
    domain, _ = make_catalogue()
    url = reverse("catalogue:domain-download", kwargs={"slug": domain.slug, "fmt": "xlsx"})
    first = client.get(url)
    etag = first["ETag"]
    assert client.get(url)["ETag"] == etag

    Channel.objects.filter(name="公开查阅点").update(name="信息公开查阅点")
    renamed = client.get(url, headers={"if-none-match": etag})
    assert renamed.status_code == 200
    assert "■信息公开查阅点" in load_sheet(renamed.content)["H5"].value
    seen = {etag, renamed["ETag"]}

    Domain.objects.filter(pk=domain.pk).update(name="社会救助（2024年版）")
    seen.add(client.get(url)["ETag"])
    Unit.objects.filter(pk=domain.unit_id).update(name="另一县民政局")
    seen.add(client.get(url)["ETag"])
    assert len(seen) == 4


@pytest.mark.django_db
def test_public_download_304_still_says_revalidate(client):
    domain, _ = make_catalogue()
    url = reverse("catalogue:domain-download", kwargs={"slug": domain.slug, "fmt": "json"})
    etag = client.get(url)["ETag"]

    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 304
    assert "no-cache" in response["Cache-Control"]
    domain.items.filter(number=1).update(status=DisclosureItem.Status.DRAFT)
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert [r["number"] for r in json.loads(response.content)] == [2, 3, 4]


@pytest.mark.django_db
def test_public_download_404s(client):
    domain, _ = make_catalogue()

    def get(slug, fmt):
        return client.get(reverse("catalogue:domain-download", kwargs={"slug": slug, "fmt": fmt}))

    assert get("no-such-domain", "xlsx").status_code == 404
    assert get(domain.slug, "pdf").status_code == 404
    assert get(domain.slug, "XLSX").status_code == 404
    assert client.get(f"/catalogue/{domain.slug}/download.").status_code == 404


@pytest.mark.django_db
def test_public_download_query_count_is_constant(client, django_assert_max_num_queries):
    domain, _ = make_catalogue()
    for n in range(20):
        make_item(domain=domain, number=10 + n, channels=("政府网站", "两微一端"))
    url = reverse("catalogue:domain-download", kwargs={"slug": domain.slug, "fmt": "xlsx"})

    # ETag: the domain's stats and the channel table; then the domain, its items, their channels.
    with django_assert_max_num_queries(7):  # +2: the content version, the unit
        assert client.get(url).status_code == 200
    etag = client.get(url)["ETag"]
    with django_assert_max_num_queries(4):  # +2: the content version, the unit
        assert client.get(url, headers={"if-none-match": etag}).status_code == 304


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "csv", "json"])
def test_command_writes_the_file(tmp_path, fmt):
    domain, _ = make_catalogue()
    target = tmp_path / f"out.{fmt}"

    call_command(
        "export_catalogue",
        "--domain",
        "社会救助",
        "--format",
        fmt,
        "-o",
        str(target),
        stdout=io.StringIO(),
    )

    assert content(target.read_bytes()) == content(export_domain(domain, fmt))


@pytest.mark.django_db
def test_command_takes_the_slug_and_exports_drafts_unless_published_only(tmp_path):
    make_catalogue()
    everything, published = tmp_path / "all.json", tmp_path / "published.json"

    call_command(
        "export_catalogue",
        "--domain",
        "social-assistance",
        "--format",
        "json",
        "-o",
        str(everything),
        stdout=io.StringIO(),
    )
    call_command(
        "export_catalogue",
        "--domain=social-assistance",
        "--format=json",
        f"--output={published}",
        "--published-only",
        stdout=io.StringIO(),
    )

    assert len(json.loads(everything.read_text("utf-8"))) == 5
    assert len(json.loads(published.read_text("utf-8"))) == 4


@pytest.mark.django_db
def test_command_writes_to_stdout_binary_safe():
    domain, _ = make_catalogue()
    raw = io.BytesIO()
    stdout = io.TextIOWrapper(raw, encoding="utf-8")

    call_command("export_catalogue", "--domain", "社会救助", "--format", "xlsx", stdout=stdout)
    stdout.flush()
    assert content(raw.getvalue()) == content(export_domain(domain, "xlsx"))
    assert load_sheet(raw.getvalue())["A1"].value == "社会救助领域基层政务公开标准目录"

    text = io.StringIO()
    call_command("export_catalogue", "--domain", "社会救助", "--format", "json", stdout=text)
    assert json.loads(text.getvalue()) == json.loads(export_domain(domain, "json"))


@pytest.mark.django_db
def test_command_refuses_an_unknown_domain():
    make_catalogue()

    with pytest.raises(CommandError, match=r"找不到领域“养老”.*社会救助（social-assistance）"):
        call_command(
            "export_catalogue", "--domain", "养老", "--format", "csv", stdout=io.StringIO()
        )


@pytest.fixture
def export_site():
    """The portal's own admin site, where the export mixins are mixed in."""
    return admin.site


def admin_request(rf, user):
    request = rf.post("/")
    request.user = user
    return request


@pytest.mark.django_db
def test_admin_export_actions_are_added_beside_the_admins_own(export_site, rf, staff_user):
    item_actions = export_site.get_model_admin(DisclosureItem).get_actions(
        admin_request(rf, staff_user)
    )
    assert {"submit_selected", "withdraw_selected", "export_items_xlsx"} <= set(item_actions)
    model_admin = export_site.get_model_admin(Domain)
    actions = model_admin.get_actions(admin_request(rf, staff_user))

    assert {
        "delete_selected",
        "export_domains_xlsx",
        "export_domains_csv",
        "export_domains_json",
    } <= set(actions)
    assert actions["export_domains_xlsx"][2] == "导出所选领域的目录：Excel（标准目录格式）"


@pytest.mark.django_db
def test_admin_domain_export_includes_drafts_and_zips_several_domains(export_site, rf, staff_user):
    domain, _ = make_catalogue()
    other = make_domain(name="养老服务", slug="elderly-care")
    make_item(domain=other, number=1, level1="养老服务通用政策", level2="")
    model_admin = export_site.get_model_admin(Domain)
    request = admin_request(rf, staff_user)

    response = model_admin.export_domains_json(request, Domain.objects.filter(pk=domain.pk))
    assert len(json.loads(response.content)) == 5
    assert response["Cache-Control"] == "private, no-store"

    both = Domain.objects.filter(pk__in=[domain.pk, other.pk])
    workbook = openpyxl.load_workbook(
        io.BytesIO(model_admin.export_domains_xlsx(request, both).content)
    )
    assert workbook.sheetnames == ["社会救助", "养老服务"]
    assert workbook["养老服务"]["A1"].value == "养老服务领域基层政务公开标准目录"

    response = model_admin.export_domains_csv(request, both)
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert sorted(archive.namelist()) == [
            "养老服务领域基层政务公开标准目录.csv",
            "社会救助领域基层政务公开标准目录.csv",
        ]
        assert archive.read("社会救助领域基层政务公开标准目录.csv") == export_domain(domain, "csv")


@pytest.mark.django_db
def test_admin_domain_export_view(export_site, rf, staff_user, django_user_model):
    domain, _ = make_catalogue()
    model_admin = export_site.get_model_admin(Domain)
    request = admin_request(rf, staff_user)

    response = model_admin.export_view(request, str(domain.pk), "xlsx")
    assert content(response.content) == content(export_domain(domain, "xlsx"))
    with pytest.raises(Http404):
        model_admin.export_view(request, str(domain.pk), "pdf")
    clerk = django_user_model.objects.create_user("nobody", password="x", is_staff=True)
    with pytest.raises(PermissionDenied):
        model_admin.export_view(admin_request(rf, clerk), str(domain.pk), "csv")
    assert "export_domains_csv" not in model_admin.get_actions(admin_request(rf, clerk))


@pytest.mark.django_db
def test_admin_item_export_groups_selected_items_by_domain(export_site, rf, staff_user):
    _, items = make_catalogue()
    model_admin = export_site.get_model_admin(DisclosureItem)
    selected = DisclosureItem.objects.filter(pk__in=[items[1].pk, items[3].pk])

    response = model_admin.export_items_json(admin_request(rf, staff_user), selected)
    assert json.loads(response.content) == [item_to_record(items[1]), item_to_record(items[3])]
    ws = load_sheet(model_admin.export_items_xlsx(admin_request(rf, staff_user), selected).content)
    assert [ws.cell(row, 3).value for row in (5, 6)] == ["办事指南", "审批信息"]
    assert "B5:B6" in merged(ws)


@pytest.mark.django_db
def test_admin_domain_export_url_takes_only_a_numeric_id(staff_client):
    domain, _ = make_catalogue()
    url = reverse("admin:catalogue_domain_export", args=[domain.pk, "csv"])

    assert url == f"/admin/catalogue/domain/{domain.pk}/export.csv"
    assert staff_client.get(url).status_code == 200
    assert staff_client.get("/admin/catalogue/domain/abc/export.csv").status_code == 404
    assert staff_client.get("/admin/catalogue/domain/1.5/export.csv").status_code == 404
    assert staff_client.get("/admin/catalogue/domain/99999/export.csv").status_code == 404


@pytest.mark.django_db
def test_ticked_other_comes_back_through_the_import_unchanged():
    """■其他 written for local channels reads back as 其他 plus the same local channels."""
    domain, items = make_catalogue()
    both = make_item(
        domain=domain, number=6, level2="其他与本地", channels=("其他",), other_channels="村广播"
    )
    data = export_domain(domain, "xlsx")
    assert "■其他" in load_sheet(data)["H10"].value

    result = import_catalogue(io.BytesIO(data), domain, dry_run=False)
    assert not result.failed, result.error_messages
    assert [row.changed_labels for row in result.changed_rows] == []
    assert len(result.unchanged_rows) == len(items) + 1
    both.refresh_from_db()
    assert both.ticks_other and both.other_channel_list == ["村广播"]
    assert item_to_record(both)["channels"] == ["其他"]
