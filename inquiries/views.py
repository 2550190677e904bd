"""
Public pages of messages: the form, its receipt with the tracking code, and the tracking page.

Never cached (the form's CSRF token, and the tracking page is one asker's). Published answers
are publications in column 42 and appear there like any other; the tracking page shows the
asker their own subject, status and answer, never the contact. A message belongs to the unit
whose pages took it (request.unit), and is tracked on that unit's pages only.
"""

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from columns.models import Column
from inquiries.forms import MessageForm
from inquiries.models import Message
from publicforms.submission import receive
from sitewide.views import NavMixin


@method_decorator(never_cache, name="dispatch")
class MessageFormView(NavMixin, TemplateView):
    template_name = "inquiries/message_form.html"
    nav_active = "messages"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=MessageForm()))

    def post(self, request, *args, **kwargs):
        return receive(
            request,
            MessageForm(request.POST),
            accept=self.accept,
            show=lambda form, status: self.render_to_response(
                self.get_context_data(form=form), status=status
            ),
            robot=lambda: redirect("inquiries:message-sent"),
        )

    def accept(self, form):
        message = form.save(commit=False)
        message.unit = self.request.unit  # posted on a unit's pages: that unit's message
        message.save()
        # The code is shown once, on the receipt; the session carries it there.
        self.request.session["message-code"] = message.code
        return redirect("inquiries:message-sent")

    def get_context_data(self, **kwargs):
        kwargs["qa_column"] = Column.objects.filter(
            unit=self.request.unit, number=settings.PORTAL_QA_COLUMN
        ).first()
        kwargs["answer_days"] = settings.PORTAL_MESSAGE_ANSWER_WORKING_DAYS
        return super().get_context_data(**kwargs)


@method_decorator(never_cache, name="dispatch")
class MessageSentView(NavMixin, TemplateView):
    template_name = "inquiries/message_sent.html"
    nav_active = "messages"

    def get_context_data(self, **kwargs):
        code = self.request.session.pop("message-code", "")
        kwargs["tracking_url"] = (
            self.request.build_absolute_uri(reverse("inquiries:message-track", args=[code]))
            if code
            else ""
        )
        return super().get_context_data(**kwargs)


@method_decorator(never_cache, name="dispatch")
class MessageTrackView(NavMixin, TemplateView):
    template_name = "inquiries/message_track.html"
    nav_active = "messages"

    def get_context_data(self, **kwargs):
        message = get_object_or_404(
            Message.objects.select_related("office", "qa_publication"),
            unit=self.request.unit,
            code=kwargs["code"],
        )
        kwargs.update(message=message, due=message.due())
        return super().get_context_data(**kwargs)
