"""
Generated public files (the annual report's Word file, the catalogue, statistics and form
downloads), built once for each state of what they show and kept in the default storage.

Built on every request, a Word report costs about a CPU-second, so a few anonymous clients could
keep every worker busy. The caller names the file (`slot`, with the unit whose content it shows:
`annualreport/<unit id>/<year>`) and gives a key that changes with everything the file is made of
(the unit's content version, pagecache's `ContentVersion.objects.key(unit id)`, or a hash of the
rows); the first request for a key builds and saves the file, later ones read it back. Saving a
file deletes the older ones of its slot, so each unit's slot keeps its own newest file and a
change in one unit neither rebuilds nor deletes another unit's. Every `migrate`, so every deploy, deletes them all: a new release may
write the same data differently. Only Django's storage API is used, so any storage backend works.
"""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag

from sitewide.downloads import content_disposition

logger = logging.getLogger(__name__)

ROOT = "generated"
# Revalidated on every use, so a change reaches readers at once; the ETag makes that cheap.
CACHE_CONTROL = "public, no-cache, max-age=0, must-revalidate"


def digest(slot, key):
    return hashlib.sha256(f"{slot}\n{key}".encode()).hexdigest()[:32]


def stored(slot, key, suffix, build, *, keep=None):
    """
    Return the bytes of `slot` for `key`: read back from the storage, or built and saved once.

    A file is named `<digest of slot and key>-<size><suffix>`: the size lets a reader tell a
    complete file from one another worker is still writing (the storage API cannot rename).
    `keep(key)` says whether a freshly built file may be stored: false when what it is made of
    changed while it was built, and the next request builds the newer one.
    """
    folder = f"{ROOT}/{slot}"
    prefix = digest(slot, key) + "-"
    files = _files(folder)
    for name in files:
        size = name[len(prefix) : len(name) - len(suffix)]
        if name.startswith(prefix) and name.endswith(suffix) and size.isdigit():
            data = _read(f"{folder}/{name}")
            if data is not None and len(data) == int(size):
                return data
    data = build()
    logger.info("built %s", slot, extra={"slot": slot})
    if keep is not None and not keep(key):
        return data
    name = f"{prefix}{len(data)}{suffix}"
    saved = default_storage.save(f"{folder}/{name}", ContentFile(data))
    if saved != f"{folder}/{name}":  # another worker saved the same file first: keep theirs
        default_storage.delete(saved)
    for other in files:
        if other != name:
            default_storage.delete(f"{folder}/{other}")
    return data


def _files(folder):
    try:
        return default_storage.listdir(folder)[1]
    except OSError:  # no folder yet
        return []


def _read(path):
    try:
        with default_storage.open(path, "rb") as file:
            return file.read()
    except OSError:  # deleted meanwhile by a newer build
        return None


def delete_all():
    """Delete every stored file, folder by folder (the storage API has no recursive delete)."""

    def walk(folder):
        if not default_storage.exists(folder):
            return
        folders, files = default_storage.listdir(folder)
        for name in folders:
            walk(f"{folder}/{name}")
        for name in files:
            default_storage.delete(f"{folder}/{name}")

    walk(ROOT)


def download(request, slot, key, build, *, suffix, content_type, filename, fallback, keep=None):
    """
    Answer with the stored file of `slot` for `key`, named for download; 304 when unchanged.

    The ETag comes from the key, so a browser's revalidation costs no read of the file.
    """
    etag = quote_etag(digest(slot, key))
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is None:
        response = HttpResponse(stored(slot, key, suffix, build, keep=keep), content_type)
        response["Content-Disposition"] = content_disposition(filename, fallback)
    else:
        response = not_modified
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    return response
