"""
Stored letter wordings move from object paths ({{ case.name }}, {{ step.on|date:'…' }}) to the
flat placeholders of the sandbox ({{ applicant_name }}, {{ letter_date }}). A path this list
does not know is left as written: the letter then falls back to the default wording and the
admin names the problem when the wording is next edited.
"""

import re

from django.db import migrations, models

PATHS = {
    "case.name": "applicant_name",
    "case.address": "applicant_address",
    "case.received_on": "received_on",
    "case.query_code": "query_code",
    "case.description": "description",
    "case.document_number": "document_number",
    "step.on": "letter_date",
    "step.due_on": "due_on",
    "step.days": "days",
    "step.party": "party",
    "step.note": "note",
    "step.fee_amount": "fee_amount",
    "step.fee_method": "fee_method_label",
    "step.fee_method_label": "fee_method_label",
    "step.fee_basis": "fee_basis",
    "step.outcome": "outcome_label",
    "today": "today",
}
# {{ path }} or {{ path|date:'Y年n月j日' }} (the letters wrote every date in that form)
VARIABLE = re.compile(r"{{\s*([\w.]+)\s*(\|\s*date(?::\s*(['\"])[^'\"]*\3)?)?\s*}}")
IF = re.compile(r"{%\s*if\s+(not\s+)?([\w.]+)\s*%}")
WRAPPER = re.compile(r"{%\s*(end)?autoescape(\s+off)?\s*%}")


def flat(body):
    def variable(match):
        name = PATHS.get(match.group(1), match.group(1))
        if "." in match.group(1) and match.group(1) not in PATHS:
            return match.group(0)
        return "{{ " + name + " }}"

    def condition(match):
        path = match.group(2)
        if "." in path and path not in PATHS:
            return match.group(0)
        return "{% if " + (match.group(1) or "") + PATHS.get(path, path) + " %}"

    return IF.sub(condition, VARIABLE.sub(variable, WRAPPER.sub("", body)))


def forwards(apps, schema_editor):
    LetterTemplate = apps.get_model("inforequests", "LetterTemplate")
    for row in LetterTemplate.objects.all():
        body = flat(row.body)
        if body != row.body:
            LetterTemplate.objects.filter(pk=row.pk).update(body=body)


class Migration(migrations.Migration):
    dependencies = [("inforequests", "0004_answer_version")]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="lettertemplate",
            name="body",
            field=models.TextField(
                help_text="每行一段。只能使用本文书可用的变量（写法 {{ 变量 }}，列表见本页）和 "
                "{% if 变量 %}…{% endif %}；保存前用示例数据试填，填不出的不能保存。",
                verbose_name="正文",
            ),
        ),
    ]
