"""
Public pages of consultations: the list, and each consultation with its comment form.

Never cached: the state follows today's date and the form carries the reader's CSRF token. The
pages read only what is public (the notice, dates, state, the stated reason, the feedback link):
comments never appear, only their number once the feedback is published. Each unit's pages
list and take comments on its own consultations only (request.unit).
"""

from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import ListView, TemplateView

from consultations.forms import CommentForm
from consultations.models import Consultation, State
from publicforms.submission import receive
from sitewide.views import NavMixin

PAGE_SIZE = 20
CLOSED = "征集已结束，不再接收意见。"
NOT_STARTED = "征集尚未开始，暂不接收意见。"


@method_decorator(never_cache, name="dispatch")
class ConsultationListView(NavMixin, ListView):
    template_name = "consultations/consultation_list.html"
    context_object_name = "consultations"
    paginate_by = PAGE_SIZE
    nav_active = "consultations"
    query_parameters = ("page",)  # the page cache removes any other (pagecache)

    def get_queryset(self):
        return (
            Consultation.objects.public()
            .filter(unit=self.request.unit)
            .select_related("notice", "feedback", "office")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        for consultation in context["consultations"]:
            consultation.state_today = consultation.state_on(today)
        return context


@method_decorator(never_cache, name="dispatch")
class ConsultationDetailView(NavMixin, TemplateView):
    """The draft, the dates and state; while open, the comment form (posted back here)."""

    template_name = "consultations/consultation_detail.html"
    nav_active = "consultations"
    query_parameters = ("sent",)  # the page cache removes any other (pagecache)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.consultation = get_object_or_404(
            Consultation.objects.public().select_related("notice", "feedback", "office"),
            unit=request.unit,  # another unit's consultation is not on these pages
            pk=kwargs["pk"],
        )
        self.state = self.consultation.state_on(timezone.localdate())

    def get(self, request, *args, **kwargs):
        form = CommentForm() if self.state == State.OPEN else None
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        if self.state != State.OPEN:
            # A page left open past the last day: say so on the page, store nothing.
            refused = NOT_STARTED if self.state == State.NOT_STARTED else CLOSED
            return self.render_to_response(
                self.get_context_data(form=None, refused=refused), status=409
            )
        done = f"{self.consultation.get_absolute_url()}?sent=1#comment-form"

        def accept(form):
            comment = form.save(commit=False)
            comment.consultation = self.consultation
            comment.save()
            return redirect(done)

        return receive(
            request,
            CommentForm(request.POST),
            accept=accept,
            show=lambda form, status: self.render_to_response(
                self.get_context_data(form=form), status=status
            ),
            robot=lambda: redirect(done),
        )

    def get_context_data(self, **kwargs):
        consultation = self.consultation
        notice = consultation.notice
        kwargs.update(
            consultation=consultation,
            state=self.state,
            notice=notice,
            body_html=notice.body_html,
            attachments=list(notice.attachments.all()),
            feedback=consultation.feedback if self.state == State.ANSWERED else None,
            period=consultation.period(),
            sent=self.request.GET.get("sent") == "1",
        )
        return super().get_context_data(**kwargs)
