from dataclasses import dataclass
from functools import cache

from contributions.collect import in_order


@dataclass(frozen=True)
class Menu:
    """The public menu: the header's links after the domains, the home page's entries."""

    header: list
    home: list


@cache
def public_menu():
    """Every app's declared MenuEntry (contributions), in order: read once, they never change."""
    entries = in_order("menu_entries")
    return Menu(
        header=[entry for entry in entries if entry.header],
        home=[entry for entry in entries if entry.hint],
    )


def menu(request):
    """The public menu for every page's header and the home page (no database query)."""
    return {"menu": public_menu()}
