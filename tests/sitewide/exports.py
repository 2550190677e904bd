"""
Every file the portal writes for people to open in a spreadsheet program or a word processor,
built with the given texts in every field a person types or imports.

EXPORTS names each export by the module that writes it; tests/sitewide/test_formulas.py checks
that no module writes a workbook, CSV or Word file without being listed here, so a new export
is tested with the others.
"""

import datetime
import re
import shutil
import subprocess

from columns.models import Column
from inforequests.models import InfoRequest
from offices.models import Office
from tests.factories import make_column, make_item, make_office
from tests.inforequests.helpers import make_request
from tests.ledger.helpers import make_ledger, report
from workdays.models import ScheduleDay

D = datetime.date


def fit(text, model, field):
    """`text` cut to the field's length, as a form would keep it: PostgreSQL refuses more."""
    return text[: model._meta.get_field(field).max_length]


def catalogue_files(texts):
    from catalogue.admin_export import catalogues_response
    from catalogue.exporting import domain_records, export_domain

    domain = _domain(texts)
    catalogues = [(domain, domain_records(domain))]
    return {
        "catalogue.xlsx": export_domain(domain, "xlsx"),
        "catalogue.csv": export_domain(domain, "csv"),
        "catalogue-admin.xlsx": catalogues_response(catalogues, "xlsx").content,
    }


def _domain(texts):
    from catalogue.models import Domain
    from tests.factories import make_domain

    domain = make_domain(name=fit(texts[0], Domain, "name"))
    for n, text in enumerate(texts, start=1):
        make_item(
            domain=domain,
            number=n,
            level1=text,
            level2=text,
            content=text,
            basis=text,
            deadline=text,
            issuing_body=text,
        )
    return domain


def column_files(texts):
    from columns.exporting import export_columns

    for n, text in enumerate(texts, start=1):
        make_column(
            name=fit(text, Column, "name"),
            number=n,
            owner_office=make_office(name=fit(f"{text}科", Office, "name")),
        )
    return {"columns.xlsx": export_columns("xlsx"), "columns.csv": export_columns("csv")}


def selfcheck_files(texts):
    from selfcheck import export, rules

    for text in texts:
        make_column(
            name=fit(f"{text}栏目", Column, "name"),
            owner_office=make_office(name=fit(f"科室{text}", Office, "name")),
        )
    today = D(2026, 6, 1)
    found = rules.run(today=today)
    data = export.write_problems(
        rules.group_by_office(found.problems, rules.office_choices()),
        verdict=found.verdict,
        bureau_name=texts[0],
        today=today,
        absolute_url=lambda url: "http://testserver" + url,
    )
    return {"selfcheck.xlsx": data}


def request_files(texts):
    from inforequests import exporting, statistics

    cases = [
        (
            make_request(
                name=fit(text, InfoRequest, "name"),
                description=text,
                address=fit(text, InfoRequest, "address"),
            ),
            text,
            text,
        )
        for text in texts
    ]
    return {
        "statistics.xlsx": exporting.table_xlsx(statistics.table_three(2026), texts[0]),
        "requests.xlsx": exporting.cases_xlsx(cases),
    }


def ledger_files(texts):
    from ledger import exporting, reports

    office = make_office(name="办公室")
    ledger, requirements = make_ledger(
        2026,
        [{"number": str(n), "text": text, "deadline_text": text} for n, text in enumerate(texts)],
        title=texts[0],
    )
    for requirement, text in zip(requirements, texts, strict=True):
        report(requirement, office, D(2026, 3, 1), text=text)
    today = D(2026, 4, 1)
    return {
        "ledger.xlsx": exporting.to_xlsx(ledger, public_only=False),
        "ledger-monthly.xlsx": reports.monthly_xlsx(ledger, today),
        "ledger-monthly.docx": reports.monthly_docx(ledger, today),
    }


def holiday_files(texts):
    from workdays import csvfile
    from workdays.store import OFF, save_schedule

    days = {D(2027, 1, n): OFF for n in range(1, len(texts) + 1)}
    names = {day: fit(text, ScheduleDay, "name") for day, text in zip(days, texts, strict=True)}
    save_schedule(2027, days, names=names, notice_title="测试")
    return {"holidays.csv": csvfile.export_csv(2027).encode()}


def demo_files(texts):
    from disclosure.demo import xlsx_bytes

    return {"demo.xlsx": xlsx_bytes("表", [["标题"], *([text] for text in texts)])}


def word_files(texts):
    from annualreport import tables, word
    from annualreport.models import AnnualReport
    from inforequests import application_form, letters

    case = make_request(name=fit(texts[0], InfoRequest, "name"), description=texts[-1])
    report_ = AnnualReport.objects.create(
        year=2026,
        overview="\n".join(texts),
        problems="\n".join(texts),
        table_three=tables.empty_table_three(),
        table_four=tables.empty_table_four(),
    )
    return {
        "annual-report.docx": word.to_docx(report_),
        "application-form.docx": application_form.docx(case.unit),
        "receipt.docx": letters.render_docx("receipt", case),
    }


# The module that writes each kind of file, and the builder that makes its files here.
EXPORTS = {
    "catalogue.sheet_writer": catalogue_files,
    "catalogue.exporting": catalogue_files,
    "catalogue.admin_export": catalogue_files,
    "columns.sheet_writer": column_files,
    "columns.exporting": column_files,
    "selfcheck.export": selfcheck_files,
    "inforequests.exporting": request_files,
    "ledger.exporting": ledger_files,
    "ledger.reports": ledger_files,
    "workdays.csvfile": holiday_files,
    "disclosure.demo": demo_files,
    "annualreport.word": word_files,
    "inforequests.application_form": word_files,
    "inforequests.letters": word_files,
}


def all_files(texts):
    """{file name: bytes} of every export, each built once with `texts`."""
    files = {}
    for builder in dict.fromkeys(EXPORTS.values()):
        files.update(builder(texts))
    return files


def files_of_a_module(django_db_blocker, texts):
    """all_files(texts) in a transaction rolled back, for a module-scoped fixture."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        built = all_files(texts)
        transaction.set_rollback(True)
    return built


def print_to_pdf(tmp_path, filename, data):
    """(pages, {MediaBox}) of `data` printed to PDF by LibreOffice (Calc or Writer)."""
    office = shutil.which("libreoffice") or shutil.which("soffice")
    assert office, "LibreOffice is missing: `make test` installs it (libreoffice-calc, -writer)"
    (tmp_path / filename).write_bytes(data)
    subprocess.run(
        [office, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / filename)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = (tmp_path / filename).with_suffix(".pdf").read_bytes()
    boxes = {
        tuple(round(float(n)) for n in box.split())
        for box in re.findall(rb"/MediaBox\s*\[([\d.\s]+)\]", pdf)
    }
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf)), boxes
