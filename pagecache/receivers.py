"""
Drop the cached pages of the unit a change belongs to, on every change of a model public pages
show.

Each app names its own models in `page_cached_models` on its AppConfig (contributions), so the
content apps never import the page cache: saves and deletes of each model, changes of its M2M
links, and django-import-export's post_import (bulk writes send no save signals) bump the
content version of the changed row's unit (found through the model's `unit_path`,
units.access) and the platform's. A change of a model that belongs to no unit (a channel, a
unit's own identity) bumps every unit's version: every unit's pages may show it.

A row moved to another unit (its link on the unit path changed) bumps the unit it left too:
the link's value as loaded is remembered when the row is read (post_init, no query).
"""

from django.db.models.signals import m2m_changed, post_delete, post_init, post_save
from import_export.signals import post_import

from contributions.collect import declared
from pagecache.models import ContentVersion
from units.access import is_unit_owned
from units.models import Unit

LINK_CHANGES = {"post_add", "post_remove", "post_clear"}
# Where a row keeps the id of the first link of its unit path as it was loaded.
LOADED = "_page_cache_loaded_link"
UNKNOWN = object()


_FIRST_LINKS = {}


def first_link(model):
    """The attribute of `model` holding the first link of its unit path ("unit_id", "column_id")."""
    try:
        return _FIRST_LINKS[model]
    except KeyError:
        name = model._meta.get_field(model.unit_path.split("__")[0]).attname
        return _FIRST_LINKS.setdefault(model, name)


def unit_of(obj, link_value=UNKNOWN):
    """
    The id of the unit `obj` belongs to (None: no unit, or not found).

    The related rows already loaded are followed without a query; otherwise one query reads
    the rest of the path from the first link not loaded (a publication's column's unit).
    `link_value` asks for the unit of an earlier value of the first link (the unit a moved
    row left).
    """
    parts = type(obj).unit_path.split("__")
    for depth, part in enumerate(parts):
        field = type(obj)._meta.get_field(part)
        if depth == len(parts) - 1:
            return getattr(obj, field.attname) if link_value is UNKNOWN else link_value
        value = getattr(obj, field.attname) if link_value is UNKNOWN else link_value
        if value is None:
            return None
        cached = obj._state.fields_cache.get(part) if link_value is UNKNOWN else None
        if cached is None or cached.pk != value:
            rest = "__".join(parts[depth + 1 :])
            rows = field.related_model._base_manager.filter(pk=value)
            return rows.values_list(rest, flat=True).first()
        obj = cached
    return None


def remember_link(sender, instance, **kwargs):
    """Remember the first link of a row's unit path as made or loaded: the unit it may leave."""
    instance.__dict__[LOADED] = instance.__dict__.get(first_link(sender), UNKNOWN)


def content_changed(sender=None, instance=None, using=None, **kwargs):
    """
    Drop the cached pages that may show the change: bump its unit's version (and the
    platform's) in the change's own transaction; every unit's for a row of no unit.

    A rolled-back change rolls the bump back with it; a committed one is seen by every process
    together with the version. Code that writes in bulk (QuerySet.update, bulk_create) sends
    no signals and calls this itself (with no instance: every unit), or sends import-export's
    post_import.
    """
    if instance is None or type(instance) is Unit or not is_unit_owned(type(instance)):
        ContentVersion.objects.bump(None, using=using)
        return
    unit_id = unit_of(instance)
    left = instance.__dict__.get(LOADED, UNKNOWN)
    if left is UNKNOWN and not kwargs.get("created") and kwargs.get("signal") is post_save:
        # Loaded without its link (a deferred field): the unit it may have left is unknown.
        ContentVersion.objects.bump(None, using=using)
        return
    if unit_id is None:
        ContentVersion.objects.bump(None, using=using)
        return
    ContentVersion.objects.bump(unit_id, using=using)
    link = first_link(type(instance))
    if left is not UNKNOWN and left != instance.__dict__.get(link):
        moved_from = unit_of(instance, link_value=left)
        if moved_from != unit_id:
            ContentVersion.objects.bump(moved_from, using=using)
    if link in instance.__dict__:
        instance.__dict__[LOADED] = instance.__dict__[link]


def links_changed(action, instance=None, reverse=False, using=None, **kwargs):
    """
    A link added or removed: the unit of the row whose links changed (a unit's own members:
    that unit); every unit's when the change came from the other side (a channel's items).
    """
    if action not in LINK_CHANGES:
        return
    if type(instance) is Unit and not reverse:
        ContentVersion.objects.bump(instance.pk, using=using)
    elif reverse or not is_unit_owned(type(instance)):
        ContentVersion.objects.bump(None, using=using)
    else:
        content_changed(instance=instance, using=using)


def page_cached_models():
    """Every app's declared page-cached models, in INSTALLED_APPS order."""
    return [
        config.get_model(name) for config, names in declared("page_cached_models") for name in names
    ]


def connect():
    """Connect content_changed to every declared model, its links and the spreadsheet import."""
    for model in page_cached_models():
        label = model._meta.label
        post_save.connect(content_changed, sender=model, dispatch_uid=f"page-cache-save-{label}")
        post_delete.connect(
            content_changed, sender=model, dispatch_uid=f"page-cache-delete-{label}"
        )
        if is_unit_owned(model) and model is not Unit:
            post_init.connect(remember_link, sender=model, dispatch_uid=f"page-cache-init-{label}")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                links_changed, sender=through, dispatch_uid=f"page-cache-m2m-{through._meta.label}"
            )
    post_import.connect(import_done, dispatch_uid="page-cache-import")


def import_done(using=None, **kwargs):
    """A spreadsheet import wrote in bulk, without saying whose rows: every unit's pages."""
    ContentVersion.objects.bump(None, using=using)
