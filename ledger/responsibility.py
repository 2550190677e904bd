"""
Who does a requirement, read from the ledger's words and written back the same way.

The responsible-office cell says it in a few shapes: "办公室牵头，社会救助处、养老服务处配合",
"办公室牵头", "规划财务处、福彩中心" (all lead), "社会救助处…省养老服务发展中心等" (a list that
ends in 等). Names are split on 、，, and kept as written; a trailing 等 is kept as a name of its
own, so that nothing the file said is lost and the export writes the cell back unchanged.
"""

import re
import unicodedata
from dataclasses import dataclass, field

ETC = "等"
_SEPARATORS = re.compile(r"[、，,；;/]+")
_LEAD = re.compile(r"^(?P<lead>.+?)(?:牵头负责|牵头)(?P<rest>.*)$", re.S)
_SUPPORT_SUFFIX = re.compile(r"(?:协助配合|配合落实|共同配合|配合)$")


@dataclass(frozen=True)
class Responsibility:
    lead: list = field(default_factory=list)
    support: list = field(default_factory=list)


def _clean(text):
    text = unicodedata.normalize("NFKC", text or "")
    # NFKC turns （ into (: keep the full-width brackets Chinese office names are written with.
    text = text.replace("(", "（").replace(")", "）")
    return re.sub(r"\s+", "", text)


def split_names(text):
    """Names in a list cell ("A、B、C等"), a trailing 等 as its own name."""
    text = _clean(text).strip("。.")
    names = []
    for part in _SEPARATORS.split(text):
        if not part:
            continue
        if part.endswith(ETC) and len(part) > 1:
            names += [part[: -len(ETC)], ETC]
        else:
            names.append(part)
    return names


def parse(text):
    """The lead and supporting offices written in `text`."""
    text = _clean(text)
    match = _LEAD.match(text)
    if not match:
        return Responsibility(lead=split_names(text))
    rest = match.group("rest").strip("，,；;。")
    support = split_names(_SUPPORT_SUFFIX.sub("", rest)) if rest else []
    return Responsibility(lead=split_names(match.group("lead")), support=support)


def join_names(names):
    """Names back as a list cell: "A、B等"."""
    text = ""
    for name in names:
        if name == ETC:
            text += ETC
        else:
            text += ("、" if text else "") + name
    return text


def compose(lead, support):
    """The cell for `lead` and `support`, in the ledger's own words."""
    if not support:
        return join_names(lead)
    return f"{join_names(lead)}牵头，{join_names(support)}配合"
