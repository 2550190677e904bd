"""
The public pages every page-wide check walks (WCAG in the browser, valid HTML), and the data
they are shown with: one list, so a new kind of page is checked by all of them.
"""

import datetime
import io
from itertools import count

from django.core.management import call_command
from stdnum.cn import uscc

from catalogue.models import DisclosureItem, Domain
from columns.models import Column
from consultations.models import Consultation
from inquiries.models import Message
from publications.models import Publication
from units.models import Kind, Level, Unit

_unit_numbers = count(1)


def make_unit(name=None, slug=None, town=False, **kwargs):
    """A unit with a valid 统一社会信用代码 of its own: a county's bureau, or a town (`town`)."""
    n = next(_unit_numbers)
    body = f"11341700{n:09d}"
    kwargs.setdefault("kind", Kind.TOWN if town else Kind.COUNTY)
    kwargs.setdefault("level", Level.TOWN if town else Level.COUNTY)
    return Unit.objects.create(
        name=name or f"测试单位{n}",
        slug=slug or f"unit-{n}",
        code=body + uscc.calc_check_digit(body),
        disclosure_office=f"测试单位{n}办公室",
        address=f"测试路{n}号",
        **kwargs,
    )


def load_standard_data():
    """
    The real standard data (13 channels, both domains' catalogues, the column table) and the
    demo publications, consultations and messages a new installation shows.
    """
    call_command("load_standard_data", stdout=io.StringIO())
    call_command("load_demo_publications", stdout=io.StringIO())
    call_command("load_demo_consultations", stdout=io.StringIO())
    call_command("load_demo_messages", stdout=io.StringIO())


def ledger_and_report_pages():
    """The work ledger and the annual report, once `load_demo_ledger` has run."""
    year = datetime.date.today().year
    return {"ledger": f"/ledger/{year}/", "annual report": f"/annual-reports/{year - 1}/"}


def public_pages():
    """Every kind of public page, with the standard data loaded."""
    item = DisclosureItem.objects.published().order_by("pk").first()
    publications = Publication.objects.published()
    with_attachment = publications.filter(attachments__isnull=False).first()
    superseded = publications.filter(validity=Publication.Validity.SUPERSEDED).first()
    column = with_attachment.column
    pages = {"home": "/"}
    for domain in Domain.objects.order_by("pk"):
        pages[f"catalogue {domain.slug}"] = domain.get_absolute_url()
    pages.update(
        {
            "item": item.get_absolute_url(),
            "search with hits": "/search/?q=%E4%BD%8E%E4%BF%9D",
            "search without hits": "/search/?q=zzzz",
            "search with filters open": "/search/?q=&domain=social-assistance",
            # Documents: a policy and its interpretation linked both ways, a superseded one.
            "search documents with interpretation": "/search/?q=%E9%AB%98%E9%BE%84%E6%B4%A5%E8%B4%B4&scope=publications",
            "search documents superseded": "/search/?q=%E4%BD%8E%E4%BF%9D&scope=publications",
            "column tree": "/columns/",
            "column with publications": f"/columns/{column.pk}/",
            "empty column": f"/columns/{Column.objects.filter(publications=None).first().pk}/",
            "publication with attachment": with_attachment.get_absolute_url(),
            "superseded publication": superseded.get_absolute_url(),
            "policy with interpretation": Publication.objects.get(
                title="示范县高龄津贴发放办法"
            ).get_absolute_url(),
            "consultations": "/consultations/",
            **{
                f"consultation {consultation.state.value}": consultation.get_absolute_url()
                for consultation in Consultation.objects.order_by("pk")
            },
            "requests guide": "/yisqgk/",
            "requests register": "/yisqgk/register/",
            "requests statistics": "/yisqgk/statistics/",
            "annual reports": "/annual-reports/",
            "message form": "/messages/",
            "message tracking": Message.objects.get(status="answered").get_tracking_url(),
            "accessibility statement": "/accessibility/",
            "unit tree": "/units/",
            "search across units": "/units/search/?q=%E4%BD%8E%E4%BF%9D",
            "404": "/no-such-page/",
        }
    )
    return pages
