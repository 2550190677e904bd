"""
Links between rows never cross units: an item's columns, a publication's items, a column's
offices are all of one unit.

Forms and imports name the offending rows in Chinese (`foreign_rows`, `foreign_message`);
`guard_links` connects a last check to a many-to-many relation, so no code path (a command, a
restore, a future view) can link rows of two units even when its form forgot to ask.
"""

from django.core.exceptions import ValidationError
from django.db.models.signals import m2m_changed

from units.access import owned_by, unit_id_of


def foreign_rows(unit_id, model, rows):
    """The rows among `rows` (instances or primary keys) of a unit other than `unit_id`."""
    pks = [getattr(row, "pk", row) for row in rows]
    if unit_id is None or not pks:
        return []
    return list(model.objects.filter(pk__in=pks).exclude(owned_by(model, [unit_id])))


def foreign_message(label, rows):
    """One Chinese sentence naming `rows`, linked as `label`, as rows of another unit."""
    names = "、".join(f"“{row}”" for row in rows)
    return f"{label}{names}属于其他发布单位，只能选择本单位的{label}。"


def guard_links(relation, label, reverse_label):
    """
    Refuse (ValidationError) adding rows of another unit to the many-to-many `relation`
    (e.g. DisclosureItem.columns), from either side; one query per add. `label` names the rows
    added forward (发布栏目), `reverse_label` those added from the other side.
    """

    def refuse_foreign(sender, instance, action, reverse, model, pk_set, **kwargs):
        if action != "pre_add" or not pk_set:
            return
        strangers = foreign_rows(unit_id_of(instance), model, pk_set)
        if strangers:
            message = foreign_message(reverse_label if reverse else label, strangers)
            raise ValidationError(message, code="other_unit")

    m2m_changed.connect(
        refuse_foreign, sender=relation.through, weak=False, dispatch_uid=str(relation.through)
    )
