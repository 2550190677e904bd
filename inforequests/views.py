"""
The public pages of 依申请公开: the guide, the online application and its receipt, the status
lookup, the register and the statistics.

Pages that show a case (receipt, status, the letters and files behind it) are never cached
(`never_cache`: private, no-store, which the page cache refuses) and are reached only with a
signed cookie the submission or a successful lookup set. The guide, the register and the
statistics hold no personal data and are cached like every public page.

Every page is the unit's (request.unit): an application posted on a town's pages is the town's,
the register and the statistics count its cases only, and a case (its receipt, status, letters
and files) is found only on the pages of the unit that received it. The 查询码 is unique on the
whole platform, but a lookup on one unit's pages never finds another unit's case: it answers as
for a wrong code, so a code says nothing of where else it might belong.
"""

import datetime
import logging

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from audit.client import client_ip
from inforequests import actions, application_form, clock, exporting, fees, letters, statistics
from inforequests import table_three as t3
from inforequests.days import bureau_calendar
from inforequests.models import (
    RECEIPT_RULES,
    Channel,
    InfoRequest,
    RequestStep,
)
from inforequests.public_forms import DESCRIPTION_MAX, ApplicationForm, LookupForm
from pagecache.models import ContentVersion
from publicforms.limits import Limit
from publicforms.submission import receive
from sitewide import generated
from sitewide.downloads import content_disposition
from sitewide.views import nav_domains

logger = logging.getLogger(__name__)

RECEIPT_COOKIE = "yisq_receipt"
ACCESS_COOKIE = "yisq_access"
RECEIPT_AGE = 24 * 60 * 60
ACCESS_AGE = 30 * 60
NEUTRAL = "查询码或联系电话后4位不正确，请核对后重试。"
LIMITED = "提交过于频繁，请稍后再试；也可以电话咨询或当面提交申请。"
LOOKUP_LIMITED = "查询次数过多，请稍后再试；也可以拨打 {phone} 咨询办理进度。"
TOO_LARGE = (
    "提交的内容超过了网上申请 {limit} KB 的上限，未能接收。请用浏览器的“后退”回到申请表"
    "（已填写的内容一般仍在），将“所需信息的内容描述”精简到 {description} 字以内后再提交；"
    "也可以下载申请表，邮寄或当面提交。"
)
PER_PAGE = 20
# Which steps the applicant sees on the status page (the others are internal).
PUBLIC_STEPS = set(clock.StepKind.values)


def _page(request, template, context, status=200):
    context = {
        "nav_domains": nav_domains(),
        "nav_active": "yisqgk",
        "office": application_form.office_of(request.unit),
        **context,
    }
    return render(request, template, context, status=status)


# --- the guide ---------------------------------------------------------------------------


@require_safe
def guide(request):
    return _page(
        request,
        "inforequests/guide.html",
        {
            "receipt_rules": [(Channel(c).label, rule) for c, rule in RECEIPT_RULES.items()],
            "tariff_requests": fees.FREE_REQUESTS,
            "tariff_pages": fees.FREE_PAGES,
            "answer_days": clock.ANSWER_DAYS,
            "extension_days": clock.EXTENSION_MAX_DAYS,
            "correction_days": clock.CORRECTION_NOTICE_DAYS,
            "third_party_days": clock.THIRD_PARTY_DAYS,
            "fee_days": clock.FEE_PAYMENT_DAYS,
            "organisation_kinds": [label for _, label in t3.ORGANISATION_KINDS],
        },
    )


@require_safe
def form_download(request):
    """The unit's blank application form: built once per version of the unit's identity."""
    return generated.download(
        request,
        f"inforequests/application-form/{request.unit.pk}",
        request.unit.version,
        lambda: application_form.docx(request.unit),
        suffix=".docx",
        content_type=letters.DOCX,
        filename="政府信息公开申请表.docx",
        fallback="application-form.docx",
    )


# --- applying ----------------------------------------------------------------------------


def _too_large(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > settings.INFOREQUESTS_MAX_BODY
    except ValueError:
        return True


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def apply(request):
    if request.method != "POST":
        return _page(request, "inforequests/apply.html", {"form": ApplicationForm()})
    if _too_large(request):
        message = TOO_LARGE.format(
            limit=settings.INFOREQUESTS_MAX_BODY // 1024, description=DESCRIPTION_MAX
        )
        return _page(request, "inforequests/refused.html", {"message": message}, 413)
    return receive(
        request,
        ApplicationForm(request.POST),
        accept=lambda form: _accept(request, form),
        show=lambda form, status: _page(request, "inforequests/apply.html", {"form": form}, status),
        robot=lambda: _page(
            request,
            "inforequests/refused.html",
            {"message": "提交未成功，请刷新页面后重新填写。"},
            400,
        ),
        limited=LIMITED,
    )


def _accept(request, form):
    case = form.save(commit=False)
    case.unit = request.unit
    case.channel = Channel.ONLINE
    case.received_on = timezone.localdate()
    case.registered_at = timezone.now()
    with transaction.atomic():
        case.save()
    _mail_receipt(request, case)
    response = redirect("inforequests:receipt")
    response.set_signed_cookie(
        RECEIPT_COOKIE,
        str(case.pk),
        salt=RECEIPT_COOKIE,
        max_age=RECEIPT_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


def _mail_receipt(request, case):
    """An e-mail copy of the receipt, when an address was given; a failure never loses the case."""
    if not case.email:
        return
    body = render_to_string(
        "inforequests/receipt_email.txt",
        {
            "case": case,
            "bureau_name": case.unit.name,
            "disclosure_office": case.unit.disclosure_office,
            "office_phone": case.unit.phone,
            "status_url": request.build_absolute_uri(reverse("inforequests:status")),
        },
    )
    try:
        send_mail(f"{case.unit.name}政府信息公开申请回执", body, None, [case.email])
    except Exception:
        logger.warning("receipt e-mail for request %s could not be sent", case.pk)


def _cases(request):
    """The cases of the unit whose pages these are."""
    return InfoRequest.objects.filter(unit=request.unit)


def _case_from_cookie(request, cookie, age):
    try:
        pk = request.get_signed_cookie(cookie, salt=cookie, max_age=age)
    except (KeyError, signing.BadSignature):
        return None
    return _cases(request).filter(pk=pk).prefetch_related("steps").first()


def _clock_context(case):
    calendar = bureau_calendar()
    state = case.clock(calendar)
    return {
        "case": case,
        "state": state,
        "standing": clock.standing(state, timezone.localdate(), calendar),
    }


@never_cache
@require_safe
def receipt(request):
    case = _case_from_cookie(request, RECEIPT_COOKIE, RECEIPT_AGE)
    if case is None:
        return redirect("inforequests:status")
    return _page(request, "inforequests/receipt.html", _clock_context(case))


# --- the status lookup ---------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def status(request):
    if request.method != "POST":
        case = (
            _case_from_cookie(request, ACCESS_COOKIE, ACCESS_AGE) if "show" in request.GET else None
        )
        if case is not None:
            return _status_page(request, case)
        return _page(request, "inforequests/lookup.html", {"form": LookupForm()})
    if _too_large(request):
        return _page(
            request,
            "inforequests/refused.html",
            {"message": "提交的内容过长，请用浏览器的“后退”返回，核对查询码和电话后4位后重试。"},
            413,
        )
    form = LookupForm(request.POST)
    limited = LOOKUP_LIMITED.format(phone=request.unit.phone)
    # Failures count, successes never: per address (guessing codes) and per code from that
    # address (guessing a known code's phone digits), so others' failures never lock out the
    # owner, who looks up from their own address.
    per_address = Limit("yisq-lookup-ip", settings.INFOREQUESTS_LOOKUP_RATE)
    if per_address.over(request):
        return _page(request, "inforequests/lookup.html", {"form": form, "error": limited}, 429)
    if not form.is_valid():
        per_address.count(request)
        return _page(request, "inforequests/lookup.html", {"form": form}, 400)
    code = form.cleaned_data["code"]
    per_code = Limit(
        "yisq-lookup-code",
        settings.INFOREQUESTS_LOOKUP_CODE_RATE,
        key=f"{code} {client_ip(request) or 'unknown'}",
    )
    if per_code.over(request):
        return _page(request, "inforequests/lookup.html", {"form": form, "error": limited}, 429)
    case = _cases(request).filter(query_code=code).prefetch_related("steps").first()
    if case is None or not case.phone_ends_with(form.cleaned_data["digits"]):
        per_address.count(request)
        per_code.count(request)
        return _page(request, "inforequests/lookup.html", {"form": form, "error": NEUTRAL}, 200)
    response = _status_page(request, case)
    response.set_signed_cookie(
        ACCESS_COOKIE,
        str(case.pk),
        salt=ACCESS_COOKIE,
        max_age=ACCESS_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


# The query parameters it reads; the page cache removes any other (pagecache).
status.query_parameters = ("show",)


def _status_page(request, case):
    context = _clock_context(case)
    final = case.final_step()
    context["steps"] = [s for s in case.ordered_steps() if s.kind in PUBLIC_STEPS]
    context["final"] = final
    context["released"] = list(case.released_files.all()) if final is not None else []
    return _page(request, "inforequests/status.html", context)


def _accessible_case(request):
    case = _case_from_cookie(request, ACCESS_COOKIE, ACCESS_AGE)
    if case is None:
        raise Http404
    return case


@never_cache
@require_safe
def status_letter(request, step_pk):
    case = _accessible_case(request)
    step = get_object_or_404(RequestStep.objects.exclude(letter=""), pk=step_pk, request=case)
    response = FileResponse(step.letter.open("rb"), content_type=letters.DOCX)
    response["Content-Disposition"] = content_disposition(
        step.letter.name.rsplit("/", 1)[-1], f"letter-{step.pk}.docx"
    )
    return response


@never_cache
@require_safe
def status_file(request, file_pk):
    case = _accessible_case(request)
    if case.final_step() is None:
        raise Http404
    released = get_object_or_404(case.released_files, pk=file_pk)
    response = FileResponse(released.file.open("rb"), content_type="application/octet-stream")
    name = released.file.name.rsplit("/", 1)[-1]
    response["Content-Disposition"] = content_disposition(
        name, f"file-{released.pk}.{name.rsplit('.', 1)[-1]}"
    )
    return response


@never_cache
@require_safe
def status_receipt(request):
    case = _accessible_case(request)
    response = HttpResponse(actions.receipt_docx(case), content_type=letters.DOCX)
    response["Content-Disposition"] = content_disposition(
        f"接收回执-{case.query_code}.docx", "receipt.docx"
    )
    return response


# --- the register and the statistics --------------------------------------------------------


def _parse_date(text):
    try:
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:
        return False


@require_safe
def register(request):
    answered = RequestStep.objects.filter(request=OuterRef("pk"), kind=clock.StepKind.ANSWERED)
    rows = (
        _cases(request)
        .for_register()
        .annotate(
            answered_on=Subquery(answered.values("on")[:1]),
            outcome=Subquery(answered.values("outcome")[:1]),
        )
        .only("received_on", "public_title")
        .order_by("-answered_on", "-pk")
    )
    q = request.GET.get("q", "").strip()[:50]
    errors = []
    start, end = _parse_date(request.GET.get("start", "")), _parse_date(request.GET.get("end", ""))
    if start is False:
        errors.append(("起始日期格式不正确，请按“2026-01-31”填写。", "start"))
    if end is False:
        errors.append(("结束日期格式不正确，请按“2026-01-31”填写。", "end"))
    if q:
        rows = rows.filter(public_title__icontains=q)
    if start:
        rows = rows.filter(answered_on__gte=start)
    if end:
        rows = rows.filter(answered_on__lte=end)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    for row in page:
        row.answer_label = t3.answer_label(row.outcome)
    return _page(
        request,
        "inforequests/register.html",
        {
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "q": q,
            "start": request.GET.get("start", "")[:10],
            "end": request.GET.get("end", "")[:10],
            "errors": errors,
        },
        400 if errors else 200,
    )


register.query_parameters = ("q", "start", "end", "page")  # the page cache removes any other


def _years(request):
    first = _cases(request).order_by("received_on").values_list("received_on", flat=True).first()
    this_year = timezone.localdate().year
    return list(range(this_year, (first.year if first else this_year) - 1, -1))


def _year(request, years):
    try:
        year = int(request.GET.get("year") or years[0])
    except ValueError:
        raise Http404 from None
    if year not in years:
        raise Http404
    return year


@require_safe
def statistics_page(request):
    years = _years(request)
    year = _year(request, years)
    table = statistics.table_three(year, _cases(request))
    return _page(
        request,
        "inforequests/statistics.html",
        {
            "year": year,
            "years": years,
            "table": table,
            "columns": t3.COLUMNS,
            "months": statistics.by_month(year, _cases(request)),
            "organisation_kinds": [label for _, label in t3.ORGANISATION_KINDS],
        },
    )


statistics_page.query_parameters = ("year",)  # read by _year; the page cache removes any other


@require_safe
def statistics_xlsx(request, year):
    """The year's table 三 as a workbook: built once per version of the unit's content."""
    if year not in _years(request):
        raise Http404
    unit = request.unit
    return generated.download(
        request,
        f"inforequests/statistics/{unit.pk}/{year}",
        ContentVersion.objects.key(unit.pk),
        lambda: exporting.table_xlsx(statistics.table_three(year, _cases(request)), unit.name),
        suffix=".xlsx",
        content_type=exporting.XLSX,
        filename=f"依申请公开统计-{year}.xlsx",
        fallback=f"requests-statistics-{year}.xlsx",
        keep=ContentVersion.objects.is_current,
    )
