"""The admin's export actions, shared by every ModelAdmin that offers downloads."""


class ExportActionsMixin:
    """Add this mixin's export actions to the admin's action menu for users who may view."""

    export_actions = ()

    def get_actions(self, request):
        actions = super().get_actions(request)
        if actions is not None and self.has_view_permission(request):
            for name in self.export_actions:
                actions.setdefault(name, self.get_action(name))
        return actions
