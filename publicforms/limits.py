"""
Rate limits of the public forms: counted in the shared cache, and in the worker while it is down.

    Limit("messages")                                           PORTAL_FORM_RATE per address
    Limit("yisq-apply-applicant", rate, key=applicant)          per a key, from every address
    limit.count(request)  # one more; True once over            limit.over(request)  # peek

Counts live in the default cache (django-ratelimit: Redis in production), so every worker counts
the same. A cache fault must not stop a citizen, nor open the forms to a flood: while the cache
raises, each worker process counts in its own memory (the same fixed windows), so an address
gets at most the limit times the number of workers until the cache answers again. The fault is
logged once per call as a warning, without the key (an address or an applicant's number).
"""

import logging
import re
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django_ratelimit import ALL
from django_ratelimit.core import get_usage

from audit.client import client_ip

logger = logging.getLogger(__name__)

_RATE = re.compile(r"([0-9]+)/([0-9]*)([smhd])")
_SECONDS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}


@dataclass(frozen=True)
class Limit:
    """At most `rate` (PORTAL_FORM_RATE unless given) in `group`, per address or per `key`."""

    group: str
    rate: str | None = None
    key: str | None = None

    def count(self, request):
        """Count one submission; True once it is over the limit."""
        return self._usage(request, increment=True)

    def over(self, request):
        """Tell whether the limit is reached already, counting nothing."""
        return self._usage(request, increment=False)

    def _rate(self):
        return settings.PORTAL_FORM_RATE if self.rate is None else self.rate

    def _value(self, request):
        return (client_ip(request) or "unknown") if self.key is None else self.key

    def _usage(self, request, increment):
        value = self._value(request)
        try:
            usage = get_usage(
                request,
                group=self.group,
                key=lambda group, request: value,
                rate=self._rate(),
                method=ALL,
                increment=increment,
            )
        except Exception:  # the cache backend's own errors (redis.ConnectionError, OSError …)
            logger.warning("rate limit %s counted in the worker: the cache is down", self.group)
            return _local.usage(self.group, self._rate(), value, increment)
        if usage is None:  # RATELIMIT_ENABLE off
            return False
        if usage["limit"] == 0 and usage["count"] == 0:  # the cache answered without a count
            logger.warning("rate limit %s counted in the worker: no count", self.group)
            return _local.usage(self.group, self._rate(), value, increment)
        return usage["should_limit"] if increment else usage["count"] >= usage["limit"]


class _LocalCounter:
    """Fixed-window counts in this process's memory, for while the shared cache is down."""

    def __init__(self):
        self._lock = threading.Lock()
        self._counts = {}

    def usage(self, group, rate, value, increment):
        limit, period = _split(rate)
        window = int(time.time()) // period
        with self._lock:
            self._forget_before(time.time())
            key = (group, value, period, window)
            count = self._counts.get(key, (0, 0))[0] + (1 if increment else 0)
            if increment:
                self._counts[key] = (count, (window + 1) * period)
        return count > limit if increment else count >= limit

    def _forget_before(self, now):
        for key in [key for key, (_, ends) in self._counts.items() if ends <= now]:
            del self._counts[key]

    def clear(self):
        with self._lock:
            self._counts.clear()


_local = _LocalCounter()


def _split(rate):
    """Read a rate as django-ratelimit writes it ("5/h", "10/30m") into (limit, seconds)."""
    count, multiple, unit = _RATE.fullmatch(rate).groups()
    return int(count), int(multiple or 1) * _SECONDS[unit]
