"""
Staff-edited text filled in with data, in a sandbox: the one way any wording a person edits in
the admin (a letter, a notice, a mail) is rendered.

The text knows two constructs and nothing else:

    {{ name }}                              the value of a documented placeholder
    {% if name %}…{% else %}…{% endif %}    a part shown only when the value is not empty

The values are a flat dict of strings, numbers and dates built in code by the caller, so no
template can reach an object, a model, a password hash or a TOTP key: there are no dotted
lookups, filters, tags, includes, loaders or attributes. A date is written 2026年3月5日.

    CATALOGUE = [Placeholder("applicant_name", "申请人姓名或名称", "张三"), ...]
    validate(text, CATALOGUE)     # ValidationError in Chinese, naming every problem (at save)
    fill(text, values)            # the text; Refused if it cannot be rendered (stored bad text)
    help_text(CATALOGUE)          # the list of placeholders for the admin's help text

The admin refuses a text that does not render with the placeholders' sample values; a text
already stored bad (written in the database) raises `Refused` at render, so the caller falls
back to its default wording rather than fail or print anything it should not.
"""

import datetime
import decimal
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

__all__ = ["Placeholder", "Refused", "fill", "help_text", "problems", "validate"]

_TOKEN = re.compile(r"({{.*?}}|{%.*?%})", re.DOTALL)
_NAME = re.compile(r"^[^\W\d]\w*$")
_IF = re.compile(r"^if\s+(not\s+)?(\S+)$")
SYNTAX = "只能使用 {{ 变量 }} 和 {% if 变量 %}…{% else %}…{% endif %}"


@dataclass(frozen=True)
class Placeholder:
    """A value a text may use: its name, what it holds (Chinese) and a sample for the check."""

    name: str
    label: str
    sample: object


class Refused(ValueError):
    """A text that cannot be rendered: `problems` says why, in Chinese."""

    def __init__(self, problems):
        super().__init__("；".join(problems))
        self.problems = list(problems)


@dataclass
class _Value:
    name: str


@dataclass
class _If:
    name: str
    negated: bool
    then: list
    otherwise: list


def _show(token):
    return token if len(token) <= 60 else token[:57] + "…"


def _parse(text, names):
    """The text as a tree of str, _Value and _If; Refused with every problem found."""
    found = []
    root = []
    stack = [(root, None)]  # (list being filled, the _If it belongs to)

    def check_name(name, token):
        if not _NAME.match(name):
            if "." in name or "|" in name or "[" in name:
                found.append(f"“{_show(token)}”不可用：变量不能带“.”“|”等取属性或过滤的写法")
            else:
                found.append(f"“{_show(token)}”不可用：{SYNTAX}")
            return False
        if name not in names:
            found.append(f"“{_show(token)}”不是本文书可用的变量")
            return False
        return True

    for part in _TOKEN.split(text):
        if not part:
            continue
        target = stack[-1][0]
        if part.startswith("{{") and part.endswith("}}"):
            name = part[2:-2].strip()
            if check_name(name, part):
                target.append(_Value(name))
        elif part.startswith("{%") and part.endswith("%}"):
            words = part[2:-2].strip()
            match = _IF.match(words)
            if match:
                node = _If(match.group(2), bool(match.group(1)), [], [])
                check_name(match.group(2), part)
                target.append(node)
                stack.append((node.then, node))
            elif words == "else" and stack[-1][1] is not None and target is stack[-1][1].then:
                stack[-1] = (stack[-1][1].otherwise, stack[-1][1])
            elif words == "endif" and stack[-1][1] is not None:
                stack.pop()
            elif words in ("else", "endif"):
                found.append(f"“{part}”前面没有对应的 {{% if 变量 %}}")
            else:
                found.append(f"“{_show(part)}”不可用：{SYNTAX}")
        else:
            for mark in ("{{", "}}", "{%", "%}"):
                if mark in part:
                    found.append(f"“{mark}”没有配对，{SYNTAX}")
                    break
            target.append(part)
    if len(stack) > 1:
        found.append("有 {% if 变量 %} 缺少对应的 {% endif %}")
    if found:
        raise Refused(list(dict.fromkeys(found)))
    return root


def _text(value):
    if isinstance(value, datetime.datetime):
        raise TypeError("placeholders take dates, not datetimes")
    if isinstance(value, datetime.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if value is None:
        return ""
    if isinstance(value, (str, int, decimal.Decimal)) and not isinstance(value, bool):
        return str(value)
    raise TypeError(f"placeholder values are strings, numbers or dates, not {type(value)!r}")


def _render(nodes, values, out):
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, _Value):
            out.append(values[node.name])
        else:
            shown = bool(values[node.name]) != node.negated
            _render(node.then if shown else node.otherwise, values, out)


def fill(text, values):
    """`text` with `values` (a flat dict of strings, numbers and dates) put in; Refused if bad."""
    flat = {name: _text(value) for name, value in values.items()}
    out = []
    _render(_parse(text, flat.keys()), flat, out)
    return "".join(out)


def problems(text, catalogue):
    """Every reason `text` does not render with the catalogue's sample values (Chinese)."""
    try:
        fill(text, {p.name: p.sample for p in catalogue})
    except Refused as refused:
        return refused.problems
    return []


def validate(text, catalogue, field=None):
    """Refuse (ValidationError, on `field` when given) a text that does not render."""
    found = problems(text, catalogue)
    if found:
        messages = [f"{problem}。" for problem in found]
        raise ValidationError({field: messages} if field else messages)


def help_text(catalogue):
    """The placeholders as the admin lists them: {{ name }}（what it holds）、…"""
    listed = "、".join(f"{{{{ {p.name} }}}}（{p.label}）" for p in catalogue)
    return (
        f"可用变量：{listed}。变量不能带“.”或“|”；可以用 {{% if 变量 %}}…{{% else %}}…"
        "{% endif %} 只在变量有值时写入一段；不能使用其他标签。"
    )
