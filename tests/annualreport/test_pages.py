"""The reports' public pages: the index of published years, and each report's labels and header."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from annualreport import tables
from annualreport.models import AnnualReport
from columns.models import Column
from publications.models import Publication
from tests.annualreport.test_report import complete_report
from tests.factories import make_column, make_domain, make_publication

pytestmark = pytest.mark.django_db


def filed(year, status=Publication.Status.PUBLISHED):
    """A complete report of `year` filed in column 公开年报 as a publication in `status`."""
    column = Column.objects.filter(number=53).first() or make_column(number=53, name="公开年报")
    return complete_report(year, publication=make_publication(column, status=status))


def test_index_lists_published_reports_only_newest_first():
    filed(2023)
    latest = filed(2025)
    filed(2024, status=Publication.Status.DRAFT)
    complete_report(2022)  # never filed
    response = Client().get("/annual-reports/")
    assert response.status_code == 200
    html = response.content.decode()
    years = re.findall(r'href="/annual-reports/(\d{4})/"', html)
    assert years == ["2025", "2023"]
    assert f">{latest.title}</a>" in html
    assert 'href="/annual-reports/2025/report.docx"' in html
    assert '<li aria-current="page">政府信息公开工作年度报告</li>' in html


def test_index_says_so_when_nothing_is_published():
    filed(2025, status=Publication.Status.DRAFT)
    html = Client().get(reverse("annualreport:report-list")).content.decode()
    assert "暂无已发布的年度报告" in html
    assert "/annual-reports/2025/" not in html


def test_each_entered_figure_is_labelled_with_its_own_column_heading():
    """On a phone every cell names its column: the fee is an amount in 万元, not a 数量."""
    filed(2025)
    html = Client().get("/annual-reports/2025/").content.decode()
    labels = dict(
        re.findall(
            r'<th [^>]*scope="row">([^<]+)</th><td class="cell-figure"[^>]*data-label="([^"]+)"',
            html,
        )
    )
    assert labels["行政许可"] == "本年处理决定数量"
    assert labels["行政处罚"] == labels["行政强制"] == "本年处理决定数量"
    assert labels["行政事业性收费"] == "本年收费金额（单位：万元）"
    assert labels[tables.NORMATIVE] == "本年制发件数"


def test_report_pages_have_the_whole_header_navigation():
    make_domain(name="社会救助", slug="social-assistance")
    filed(2025)
    for url in ("/annual-reports/", "/annual-reports/2025/"):
        html = Client().get(url).content.decode()
        nav = html[
            html.index('class="site-nav"') : html.index("</nav>", html.index('class="site-nav"'))
        ]
        assert 'href="/catalogue/social-assistance/"' in nav, url
        assert 'href="/yisqgk/"' in nav, url


def test_the_index_is_in_the_sitemap():
    locations = re.findall(r"<loc>(.*?)</loc>", Client().get("/sitemap.xml").content.decode())
    assert "http://testserver/annual-reports/" in locations


def test_a_draft_report_stays_off_the_index_for_staff_too(admin_client):
    filed(2025, status=Publication.Status.DRAFT)
    assert "/annual-reports/2025/" not in admin_client.get("/annual-reports/").content.decode()
    assert AnnualReport.objects.count() == 1
