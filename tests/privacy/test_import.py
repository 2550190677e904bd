"""
Imports refuse a workbook holding a citizen's number, whole: through the real engine, the
import_catalogue and import_columns commands, and the admin's upload, with real xlsx files.
"""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from catalogue.importing import ImportRefused, import_catalogue
from catalogue.models import DisclosureItem
from columns.models import Column
from columns.sheet_writer import write_columns
from tests.admin_pages import page_text
from tests.catalogue.import_support import record, records, workbook
from tests.factories import make_channels, make_domain
from tests.privacy.files import resident_id, wrong_check

pytestmark = pytest.mark.django_db

NUMBER = resident_id()
MASKED = "340802********123X"


@pytest.fixture
def domain():
    make_channels()
    return make_domain(name="社会救助", slug="social-assistance")


def locate(data, text):
    """The (sheet, row, column, A1 reference) of the cell holding `text`."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and text in cell.value:
                    return sheet.title, cell.row, cell.column, cell.coordinate
    raise AssertionError(f"{text} not in the workbook")


def edited(data, edit):
    """The workbook `data` after `edit(workbook)`."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    edit(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_id_in_content():
    recs = records(3)
    recs[1]["content"] = f"公示对象：张三，身份证号 {NUMBER}"
    return workbook(recs)


def test_engine_refuses_the_whole_file_naming_sheet_row_and_column(domain):
    data = with_id_in_content()
    sheet, row, column, ref = locate(data, NUMBER)
    with pytest.raises(ImportRefused) as caught:
        import_catalogue(io.BytesIO(data), domain, dry_run=False)
    message = str(caught.value)
    assert message.startswith("文件中含有个人敏感信息，未导入任何数据。")
    assert f"工作表“{sheet}”第{row}行第{column}列（{ref}）：发现身份证号 {MASKED}" in message
    assert NUMBER not in message
    assert not DisclosureItem.objects.exists()


def test_a_number_in_a_cell_the_importer_ignores_is_refused_too(domain):
    def add_notes(workbook):
        workbook.active["Z40"] = "联系人手机 13812345678"
        hidden = workbook.create_sheet("底稿")
        hidden.sheet_state = "hidden"
        hidden["B2"] = NUMBER

    data = edited(workbook(records(2)), add_notes)
    with pytest.raises(ImportRefused) as caught:
        import_catalogue(io.BytesIO(data), domain, dry_run=True)
    message = str(caught.value)
    assert "第40行第26列（Z40）：发现手机号 138****5678" in message
    assert f"工作表“底稿”第2行第2列（B2）：发现身份证号 {MASKED}" in message


def test_masked_and_checksum_invalid_numbers_import(domain):
    recs = records(2)
    recs[0]["content"] = "公示对象：张*明，身份证号 340802********1234，电话 138****5678"
    recs[1]["content"] = f"样例编号 {wrong_check(NUMBER)}"
    result = import_catalogue(io.BytesIO(workbook(recs)), domain, dry_run=False)
    assert not result.failed
    assert DisclosureItem.objects.count() == 2


def run_command(*args):
    out = io.StringIO()
    call_command(*map(str, args), stdout=out)
    return out.getvalue()


def test_import_catalogue_command_refuses_and_writes_nothing(domain, tmp_path):
    path = tmp_path / "目录.xlsx"
    path.write_bytes(with_id_in_content())
    with pytest.raises(CommandError) as caught:
        run_command("import_catalogue", path, "--domain", "社会救助")
    assert f"发现身份证号 {MASKED}" in str(caught.value)
    assert not DisclosureItem.objects.exists()
    # The same file, masked, imports.
    path.write_bytes(workbook([record(1, content="身份证号 340802********123X")]))
    assert "新增 1 个" in run_command("import_catalogue", path, "--domain", "社会救助")


def test_admin_upload_is_refused_on_the_form(staff_client, domain):
    upload = SimpleUploadedFile("目录.xlsx", with_id_in_content())
    response = staff_client.post(
        "/admin/catalogue/disclosureitem/import/",
        {"domain": domain.pk, "format": "0", "resource": "0", "import_file": upload},
    )
    assert response.status_code == 200
    page = page_text(response)
    assert f"发现身份证号 {MASKED}" in page
    assert NUMBER not in page
    assert not DisclosureItem.objects.exists()


def column_table(owner="办公室"):
    return write_columns([(1, "政务公开", "通知公告", "", "及时更新", owner)])


def test_import_columns_command_refuses_a_number_in_the_table(tmp_path):
    path = tmp_path / "栏目表.xlsx"
    path.write_bytes(column_table(owner="办公室（联系人 13812345678）"))
    with pytest.raises(CommandError) as caught:
        run_command("import_columns", path)
    assert "发现手机号 138****5678" in str(caught.value)
    assert not Column.objects.exists()
    path.write_bytes(column_table())
    run_command("import_columns", path)
    assert Column.objects.filter(name="通知公告").exists()
