"""
A ledger as a citizen reads it first: per task, how many requirements, how many done, in
progress and overdue on a given day, and the totals.

The counts come from the same standing as the staff view (ledger.standing), from the progress
the public may see, in a constant number of queries whatever the size of the ledger.
"""

from dataclasses import dataclass, field

from ledger import standing
from ledger.models import Requirement, Task
from ledger.standing import Standing
from units import access

# Only what the standing needs: the texts are not read for the counts.
STANDING_FIELDS = ("id", "ledger_id", "task_id", "due", "ongoing", "recurrence", "order")


@dataclass
class Tally:
    """The counts of one task (or of the whole ledger)."""

    task: Task | None = None
    total: int = 0
    done: int = 0
    overdue: int = 0

    @property
    def in_progress(self):
        return self.total - self.done - self.overdue

    def add(self, status):
        self.total += 1
        if status.code == Standing.DONE:
            self.done += 1
        elif status.code == Standing.OVERDUE:
            self.overdue += 1


@dataclass
class Summary:
    tasks: list = field(default_factory=list)  # [Tally] in the ledger's order, empty ones too
    totals: Tally = field(default_factory=Tally)


def staff_reader(ledger, user):
    """Whether `user` reads `ledger` as staff: may view ledgers and reads the ledger's unit."""
    return user.has_perm("ledger.view_ledger") and access.may_read(user, ledger)


def visible_requirements(ledger, user):
    """
    The ledger's requirements this reader may see: the reviewed text unless staff who read the
    ledger's unit (another unit's staff read what the public reads).
    """
    requirements = Requirement.objects.filter(ledger=ledger)
    if not staff_reader(ledger, user):
        requirements = requirements.published()  # the reviewed text, never a pending change
    return requirements


def summarize(ledger, requirements, today, public_only=True):
    """The Summary of `requirements` (a queryset of the ledger's) on `today` (3 queries)."""
    tasks = list(Task.objects.filter(ledger=ledger))
    tallies = {task.pk: Tally(task) for task in tasks}
    rows = list(requirements.only(*STANDING_FIELDS).order_by("order", "id"))
    progress = standing.progress_by_requirement(rows, public_only=public_only)
    summary = Summary()
    for requirement in rows:
        requirement.ledger = ledger  # due_dates reads the year: no query per row
        entries = progress.get(requirement.pk, [])
        status = standing.status(requirement, entries, today, count_days=False)
        summary.totals.add(status)
        tallies[requirement.task_id].add(status)
    # Every first-level task, and any other a requirement is filed under directly.
    summary.tasks = [
        tallies[task.pk] for task in tasks if task.parent_id is None or tallies[task.pk].total
    ]
    return summary
