"""
A unit's own address of one of its pages, wherever the link is written.

On a unit's pages `reverse()` already carries `/u/<slug>/` (units.middleware sets the script
prefix); a link written elsewhere (a feature's document filed from the admin, a command, a mail)
is resolved at the root, which is the first unit's. `on_unit_pages` moves such a path onto the
unit's pages, so a town's feedback never links the county's page of the same number.
"""

from django.urls import get_script_prefix


def on_unit_pages(unit, path):
    """`path` (as reverse() gave it here) on `unit`'s pages: `/` for the first unit, else /u/<slug>/."""
    prefix = get_script_prefix()
    rest = path[len(prefix) :] if path.startswith(prefix) else path.lstrip("/")
    if prefix != "/" and prefix.endswith(f"/u/{unit.slug}/"):
        return prefix + rest  # already on the unit's pages
    base = prefix.split("/u/", 1)[0].rstrip("/") + "/"
    if unit.is_home:
        return base + rest
    return f"{base}u/{unit.slug}/{rest}"
