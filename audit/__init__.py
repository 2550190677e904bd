"""
The admin's security record and guards: the audit log, the lock-out page, idle sign-out and the
second factor.

Other apps write to the audit log with one call:

    import audit
    audit.record(request, "publish", obj=item)
    audit.record(request, "approve", obj=publication, detail="同意发布")

`request_or_user` is the request (who and from which address), a user (who, e.g. a command
acting for someone) or None (the system). New actions are registered with a Chinese label in
audit/actions.py or with `audit.actions.register("approve", "审核通过")`.
"""


def record(request_or_user, action, obj=None, detail="", *, user=None, username=None):
    """
    Write one audit entry and return it.

    `request_or_user`: a request (its user and address), a user, or None (the system).
    `obj`: the object acted on (its type, id and text are kept). `user` / `username` name
    someone other than the request's user (a failed sign-in names who was tried).
    """
    from audit.models import AuditEntry

    return AuditEntry.objects.record(
        request_or_user, action, obj=obj, detail=detail, user=user, username=username
    )
