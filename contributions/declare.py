"""The shapes of what an app declares on its AppConfig (the package's docstring lists them)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class SelfCheckRules:
    """
    Self-check rules one function finds: `function` (a dotted path) takes the run's facts and
    returns {rule code: [rows]}, its rules' rows in the order they are listed.

    `rules` are (code, 中文名) pairs in the order the summary lists them; `order` places them
    among every app's rules. The facts give `today`, `unit` (the Unit checked: a run is one
    unit's, so the function narrows every query to it, e.g. `.filter(unit=facts.unit)` or
    `facts.owned(queryset)`), `first_year` (the year of the unit's first publication) and
    `once(loader, *args)`, which calls a loader once per run, for whatever else reads the same
    rows. A row is a dict of office (empty: 未指定科室), subject, detail, fix_url and optionally
    public_url (reversed at the root; the run moves it onto the unit's pages) and
    estimate_reason.
    """

    order: int
    function: str
    rules: tuple


@dataclass(frozen=True)
class DemoLoader:
    """
    The management command loading the app's demo data (演示数据) and where it stands in the
    order; `delete` is the argument that removes what it loaded (deleted in reverse order).
    """

    command: str
    order: int
    delete: str = "--delete"


@dataclass(frozen=True)
class MenuEntry:
    """
    A link of the public menu: in the header's navigation (`nav` is the key a page sets as
    `nav_active`) and, with a `hint`, among the home page's entries; ordered by `order`.
    """

    label: str
    url_name: str
    order: int
    nav: str = ""
    header: bool = True
    hint: str = ""
