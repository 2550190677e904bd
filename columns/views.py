"""The public pages of the column table: the whole tree, and one column with its items."""

from django.views.generic import DetailView, TemplateView

from catalogue.models import DisclosureItem
from catalogue.views import NavMixin
from columns.models import Column


class ColumnTreeView(NavMixin, TemplateView):
    """The numbered column table as a tree, built from one query."""

    template_name = "columns/column_tree.html"
    nav_active = "columns"

    def get_context_data(self, **kwargs):
        kwargs["roots"] = Column.objects.tree()
        return super().get_context_data(**kwargs)


class ColumnDetailView(NavMixin, DetailView):
    """A column: its place in the tree, owner, frequency, children and the items it carries."""

    queryset = Column.objects.select_related("owner_office")
    context_object_name = "column"
    nav_active = "columns"

    def get_context_data(self, **kwargs):
        column = self.object
        kwargs["ancestors"] = column.ancestors()
        kwargs["children"] = column.children.select_related("owner_office").order_by(
            "order", "number", "id"
        )
        kwargs["items"] = (
            DisclosureItem.objects.published().filter(columns=column).select_related("domain")
        )
        return super().get_context_data(**kwargs)
