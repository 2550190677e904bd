"""Every app's declaration of one kind, read from the app registry."""

from django.apps import apps


def declared(attribute):
    """[(app config, value)] of the installed apps declaring `attribute`, in INSTALLED_APPS order."""
    return [
        (config, getattr(config, attribute))
        for config in apps.get_app_configs()
        if getattr(config, attribute, None)
    ]


def in_order(attribute):
    """The declared values of `attribute`, each app's a tuple of items or one item, by `order`."""
    items = []
    for _, value in declared(attribute):
        items.extend(value if isinstance(value, (tuple, list)) else [value])
    return sorted(items, key=lambda item: item.order)
