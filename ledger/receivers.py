"""
What follows a save elsewhere: a published ledger publishes its requirements, and a requirement
saved (a draft edited, a revision published) links its offices again from its names.
"""

from django.db.models.signals import post_save

from publications.models import Publication

NAME_FIELDS = {"lead_names", "support_names", "guide_names"}


def ledger_publication_saved(sender, instance, raw=False, **kwargs):
    if raw or instance.status != Publication.Status.PUBLISHED:
        return
    from ledger.models import Ledger, Requirement

    ledger = Ledger.objects.filter(publication=instance).first()
    if ledger is not None:
        Requirement.publish_with(ledger)


def requirement_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and not NAME_FIELDS & set(update_fields)):
        return
    from ledger import office_names

    office_names.link([instance])


def connect():
    from ledger.models import Requirement

    post_save.connect(
        ledger_publication_saved, sender=Publication, dispatch_uid="ledger-publication-saved"
    )
    post_save.connect(requirement_saved, sender=Requirement, dispatch_uid="ledger-requirement")
