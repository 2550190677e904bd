"""
Writing a ledger out: JSON (a list of requirements) and xlsx in seed 004's layout.

The xlsx is the layout the reader understands: 工作任务 over two columns (一、… / （一）…),
具体要求 over two (number and text), 责任部门（单位）as "X牵头，Y、Z配合", 指导单位, 时限要求 and a
推进状态 column with the latest progress, so an export imports back with no change.
"""

import json

from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ledger import standing
from ledger.models import ProgressEntry, Requirement
from sitewide.xlsx import (
    BORDER,
    FONT_NAME,
    WRAP_CENTRE,
    WRAP_TOP,
    new_workbook,
    print_setup,
    set_text,
    workbook_bytes,
    write_header,
)

HEADER = ("工作任务", "", "具体要求", "", "责任部门（单位）", "指导单位", "时限要求", "推进状态")
WIDTHS = (22, 24, 6, 60, 30, 16, 12, 10)


def requirements_of(ledger):
    return list(Requirement.objects.filter(ledger=ledger).with_tasks())


def latest_states(requirements, public_only=True):
    progress = standing.progress_by_requirement(requirements, public_only=public_only)
    return {pk: entries[0].state for pk, entries in progress.items()}


def records(ledger, public_only=True):
    """The ledger as the JSON export's list of dicts."""
    requirements = requirements_of(ledger)
    states = latest_states(requirements, public_only=public_only)
    return [
        {
            "task": requirement.task.title,
            "subtask": requirement.subtask.title if requirement.subtask_id else "",
            "number": requirement.number,
            "requirement": requirement.text,
            "lead": requirement.lead_names,
            "support": requirement.support_names,
            "guide": requirement.guide_names,
            "deadline_text": requirement.deadline_text,
            "due": requirement.due.isoformat() if requirement.due else None,
            "ongoing": requirement.ongoing,
            "state": states.get(requirement.pk, ProgressEntry.State.NOT_STARTED),
        }
        for requirement in requirements
    ]


def to_json(ledger, public_only=True):
    return json.dumps(records(ledger, public_only), ensure_ascii=False, indent=2).encode()


def to_xlsx(ledger, public_only=True):
    requirements = requirements_of(ledger)
    states = latest_states(requirements, public_only=public_only)
    labels = dict(ProgressEntry.State.choices)
    wb = new_workbook()
    ws = wb.active
    ws.title = str(ledger.year)
    title = set_text(ws.cell(row=1, column=1), ledger.title)
    title.font = Font(name=FONT_NAME, bold=True, size=14)
    title.alignment = WRAP_CENTRE
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    write_header(ws, 2, HEADER)
    ws.merge_cells("A2:B2")
    ws.merge_cells("C2:D2")
    row = 3
    previous_task = previous_subtask = None
    for requirement in requirements:
        task = requirement.task.title
        subtask = requirement.subtask.title if requirement.subtask_id else ""
        values = (
            task if task != previous_task else "",
            subtask if (subtask, task) != (previous_subtask, previous_task) else "",
            requirement.number,
            requirement.text,
            requirement.offices_text,
            requirement.guide_text,
            requirement.deadline_text,
            labels[states.get(requirement.pk, ProgressEntry.State.NOT_STARTED)],
        )
        previous_task, previous_subtask = task, subtask
        for column, value in enumerate(values, start=1):
            cell = set_text(ws.cell(row=row, column=column), value)
            cell.font = Font(name=FONT_NAME, size=10)
            cell.alignment = WRAP_TOP
            cell.border = BORDER
        row += 1
    for column, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    print_setup(ws, title_rows="2:2")  # the header on every printed page, as the seeds have it
    return workbook_bytes(wb)
