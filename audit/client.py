"""The network address of the person behind a request, for the lock-out and the audit log."""

import ipaddress

from django.conf import settings


def _valid(address):
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request):
    """
    The client's address: REMOTE_ADDR, or, behind PORTAL_PROXY_COUNT reverse proxies, the entry
    of X-Forwarded-For that the outermost proxy wrote.

    Each proxy appends the address it was connected from, so the client is that many entries
    from the right; entries further left come from the client itself and are never trusted
    (otherwise anyone could dodge the lock-out by inventing addresses).
    """
    count = settings.PORTAL_PROXY_COUNT
    if count > 0:
        forwarded = [
            part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
        ]
        if len(forwarded) >= count:
            address = _valid(forwarded[-count])
            if address:
                return address
    return _valid(request.META.get("REMOTE_ADDR", "") or "")
