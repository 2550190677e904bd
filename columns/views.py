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

    def get_ancestors(self):
        """
        Return the columns above this one, root first, from one query.

        `Column.ancestors()` walks the parents one query per level; the whole table is small, so
        reading its (id, parent, name) triples once keeps the page's query count fixed.
        """
        nodes = {
            pk: (parent_id, name)
            for pk, parent_id, name in Column.objects.values_list("pk", "parent_id", "name")
        }
        chain, seen = [], {self.object.pk}
        parent_id = self.object.parent_id
        while parent_id is not None and parent_id in nodes and parent_id not in seen:
            seen.add(parent_id)
            chain.append({"pk": parent_id, "name": nodes[parent_id][1]})
            parent_id = nodes[parent_id][0]
        return chain[::-1]

    def get_context_data(self, **kwargs):
        column = self.object
        kwargs["ancestors"] = self.get_ancestors()
        kwargs["children"] = column.children.select_related("owner_office").order_by(
            "order", "number", "id"
        )
        kwargs["items"] = (
            DisclosureItem.objects.published().filter(columns=column).select_related("domain")
        )
        return super().get_context_data(**kwargs)
