"""The sandbox every staff-edited text is filled by: flat values, two constructs, nothing else."""

import datetime
import pathlib
import re

import pytest
from django.core.exceptions import ValidationError

import placeholders
from placeholders import Placeholder, Refused

# Django's Template(…), engines' from_string(…), string.Template, str.format on stored text.
RENDERS = re.compile(r"(?<![\w.])Template\(|\.from_string\(|string\.Template|format_map\(\w+\.")
CATALOGUE = (
    Placeholder("name", "姓名", "张三"),
    Placeholder("number", "文号", ""),
    Placeholder("on", "日期", datetime.date(2026, 3, 5)),
)


def test_fills_values_dates_and_conditions():
    text = "{{ name }}：{% if number %}文号{{ number }}{% else %}无文号{% endif %}，{{ on }}"
    values = {"name": "李四", "number": "", "on": datetime.date(2026, 3, 5)}
    assert placeholders.fill(text, values) == "李四：无文号，2026年3月5日"
    assert placeholders.fill("{% if not number %}无{% endif %}", values) == "无"


@pytest.mark.parametrize(
    "text",
    [
        "{{ case.office.members.all.0.password }}",
        "{{ case.office.members.all.0.totpdevice_set.all.0.key }}",
        "{{ name.__class__ }}",
        "{{ name.__class__.__mro__ }}",
        "{{ on.year }}",
        "{{ name|upper }}",
        "{{ on|date:'Y' }}",
        "{% include 'no-such-template.html' %}",
        "{% extends 'base.html' %}",
        "{% load static %}",
        "{% debug %}",
        "{% now 'Y' %}",
        "{% ssi '/etc/passwd' %}",
        "{% if name %}未结束",
        "{% endif %}",
        "{{ secret }}",
        "{{ name }",
        "{{ }}",
        "{% if name.__class__ %}x{% endif %}",
    ],
)
def test_refuses_anything_but_documented_names(text):
    found = placeholders.problems(text, CATALOGUE)
    assert found, text
    with pytest.raises(Refused):
        placeholders.fill(text, {p.name: p.sample for p in CATALOGUE})
    with pytest.raises(ValidationError) as refused:
        placeholders.validate(text, CATALOGUE, field="body")
    messages = refused.value.message_dict["body"]
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in message) for message in messages)


def test_the_message_names_the_problem():
    (message,) = placeholders.problems("{{ case.office.members.all.0.password }}", CATALOGUE)
    assert "case.office.members.all.0.password" in message and "取属性" in message
    (message,) = placeholders.problems("{% include 'x.html' %}", CATALOGUE)
    assert "include" in message and "{% if 变量 %}" in message


def test_values_are_flat_never_objects():
    with pytest.raises(TypeError):
        placeholders.fill("{{ name }}", {"name": object()})


def test_the_help_text_lists_each_placeholder():
    text = placeholders.help_text(CATALOGUE)
    assert "{{ name }}（姓名）" in text and "{{ on }}（日期）" in text


def test_no_other_code_renders_a_template_from_a_string():
    """Editable text goes through the sandbox: nothing else builds a template from a string."""
    root = pathlib.Path(__file__).resolve().parents[2]
    offenders = []
    for path in root.glob("*/**/*.py"):
        parts = path.relative_to(root).parts
        if (
            parts[0] in ("tests", "node_modules")
            or parts[0].startswith(".")
            or "migrations" in parts
        ):
            continue
        text = path.read_text(encoding="utf-8")
        if RENDERS.search(text):
            offenders.append(str(path.relative_to(root)))
    assert offenders == []
