"""
The public pages of the column table: the whole tree, and one column with its publications.

Freshness: everyone sees when a column last published; staff also see its status and due date.
Anonymous pages are kept by the page cache (pagecache.middleware) until the next save, so what a
citizen sees must not depend on today's date or on who asks; staff pages are never cached.
"""

from django.core.paginator import InvalidPage, Paginator
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.views.generic import DetailView, TemplateView

from catalogue.models import DisclosureItem
from columns import services
from columns.models import Column, walk
from disclosure.standing import attach_standings
from publications.models import Publication
from sitewide.views import NavMixin

PUBLICATIONS_PAGE_SIZE = 20


def sees_standing(user):
    """Only staff see statuses and due dates: they change with the day, cached pages do not."""
    return user.is_staff


class ColumnTreeView(NavMixin, TemplateView):
    """The numbered column table as a tree, with each column's freshness, in five queries."""

    template_name = "columns/column_tree.html"
    nav_active = "columns"

    def get_context_data(self, **kwargs):
        roots = Column.objects.filter(unit_id=self.request.unit.pk).tree()
        today = timezone.localdate()
        attach_standings(walk(roots), today)
        kwargs["roots"] = roots
        kwargs["today"] = today
        kwargs["show_standing"] = sees_standing(self.request.user)
        return super().get_context_data(**kwargs)


class ColumnDetailView(NavMixin, DetailView):
    """A column: its place in the tree, freshness, publications, children and items it carries."""

    context_object_name = "column"
    nav_active = "columns"
    query_parameters = ("page",)  # the page cache removes any other (pagecache)

    def get_queryset(self):
        """The unit's own columns: another unit's column is a 404 on these pages."""
        return Column.objects.filter(unit_id=self.request.unit.pk).select_related("owner_office")

    def get_publications(self):
        """
        The column's publications for this reader: published ones newest first.

        Staff who may view publications also get the drafts, first, since those are the
        column's unfinished work.
        """
        publications = Publication.objects.visible_to(self.request.user).filter(column=self.object)
        drafts_first = Case(
            When(status=Publication.Status.DRAFT, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return publications.order_by(drafts_first, *Publication._meta.ordering)

    def paginate(self, publications):
        """
        Return (page or None, error message) for the `page` parameter.

        As on the search page, a page that is not a positive number or is past the end gives
        the page with a message instead of an error page or a silently different page.
        """
        paginator = Paginator(publications, PUBLICATIONS_PAGE_SIZE)
        raw = self.request.GET.get("page", "").strip() or "1"
        try:
            number = int(raw)
        except ValueError:
            number = 0
        if number < 1:
            return None, "页码应当是正整数。"
        try:
            return paginator.page(number), ""
        except InvalidPage:
            return None, f"没有第 {number} 页：共 {paginator.num_pages} 页。"

    def get_context_data(self, **kwargs):
        column = self.object
        kwargs["today"] = timezone.localdate()
        attach_standings([column], kwargs["today"])
        kwargs["show_standing"] = sees_standing(self.request.user)
        kwargs["ancestors"] = column.ancestors()
        kwargs["children"] = column.children.select_related("owner_office").order_by(
            "order", "number", "id"
        )
        kwargs["items"] = (
            DisclosureItem.objects.published()
            .filter(columns=column, domain__unit_id=column.unit_id)
            .select_related("domain")
        )
        kwargs["services"] = services.links(column.number)
        page, page_error = self.paginate(self.get_publications())
        kwargs["page_obj"] = page
        kwargs["page_error"] = page_error
        if page is not None:
            kwargs["publications"] = page.object_list
            kwargs["page_range"] = page.paginator.get_elided_page_range(
                page.number, on_each_side=2, on_ends=1
            )
        return super().get_context_data(**kwargs)
