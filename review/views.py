"""The review to-do page in the admin (/admin/review/todo/)."""

from django.contrib import admin
from django.shortcuts import render
from django.views.decorators.http import require_safe

from review.todo import todo_for


@require_safe
def todo(request):
    sections = todo_for(request.user)
    context = {
        **admin.site.each_context(request),
        "title": "审核待办",
        "sections": sections,
    }
    return render(request, "review/todo.html", context)
