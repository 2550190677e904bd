"""
Size and render time of the ledger page and the self-check page at a large size, as ratios to
the demo ledger's page measured in the same run (in-process, DEBUG off, no page cache).

    ledger demo        /ledger/<this year>/ of load_demo_ledger: the baseline
    ledger 600         /ledger/<five years ago>/ of a generated ledger: 600 requirements, 12 tasks
    ledger 600 task    its first task's page (when the tree has task pages)
    selfcheck          /admin/selfcheck/ on the self-check tests' bulk portal (1,000 columns)

Each view is called directly (RequestFactory), best of --repeat runs.

    python -m bench.ledger_pages [--repeat 7]
"""

import argparse
import datetime
import json
import shutil
import tempfile
import time

from bench.import_speed import setup_django


def generated_ledger(year, rows, tasks):
    """A public ledger of `rows` requirements over `tasks` tasks, half of them with progress."""
    from ledger.models import ProgressEntry, Requirement, Task
    from offices.models import Office
    from tests.ledger.helpers import make_ledger

    office = Office.objects.get_or_create(name="办公室")[0]
    ledger, _ = make_ledger(year, [], is_public=True)
    task_rows = Task.objects.bulk_create(
        [
            Task(ledger=ledger, title=f"任务{n}：做好第{n}方面的政务公开", order=n)
            for n in range(tasks)
        ]
    )
    requirements = Requirement.objects.bulk_create(
        [
            Requirement(
                ledger=ledger,
                task=task_rows[n % tasks],
                number=str(n + 1),
                text=f"第{n + 1}项要求：按照上级部署，及时公开相关政策文件、办事指南和工作进展。"
                * 2,
                lead_names=["办公室"],
                support_names=["社会救助科"],
                deadline_text="6月底前" if n % 3 else "持续推进",
                due=datetime.date(year, 6, 30) if n % 3 else None,
                ongoing=not n % 3,
                order=n,
                status=Requirement.Status.PUBLISHED,
            )
            for n in range(rows)
        ]
    )
    ProgressEntry.objects.bulk_create(
        [
            ProgressEntry(
                requirement=requirement,
                office=office,
                reported_on=datetime.date(year, 3, 1),
                text="已按要求推进，相关信息已在网站公开。",
                state="done" if n % 4 == 0 else "in_progress",
                status=ProgressEntry.Status.PUBLISHED,
            )
            for n, requirement in enumerate(requirements[::2])
        ]
    )
    return ledger, task_rows[0]


def publish_demo(year):
    """The demo ledger made public as the review would (it needs a column to be filed in)."""
    from ledger import publishing
    from ledger.models import Ledger
    from publications.models import Publication
    from tests.factories import make_column

    ledger = Ledger.objects.get(year=year)
    if not ledger.is_public:
        ledger.column = ledger.column or make_column(name="工作台账")
        ledger.save()
        publishing.file_ledger(ledger, status=Publication.Status.PUBLISHED)


def measure(view, request, repeat, **kwargs):
    best, size = None, 0
    for _ in range(repeat):
        start = time.perf_counter()
        response = view(request, **kwargs)
        elapsed = time.perf_counter() - start
        assert response.status_code == 200, response.status_code
        best = elapsed if best is None else min(best, elapsed)
        size = len(response.content)
    return {"bytes": size, "ms": round(best * 1000, 1)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="ledger-pages-bench-")
    try:
        setup_django(None, workdir)
        import io

        from django.contrib.auth.models import AnonymousUser, User
        from django.core.management import call_command
        from django.test import RequestFactory
        from django.urls import NoReverseMatch, reverse

        from ledger import views as ledger_views
        from selfcheck import views as selfcheck_views
        from tests.selfcheck.bulk import build_portal

        call_command("migrate", verbosity=0)
        call_command("collectstatic", "--noinput", verbosity=0)
        # The bulk portal in place of the standard data (their column numbers would collide).
        build_portal(1000, 10_000, today=datetime.date.today())
        call_command("load_demo_ledger", stdout=io.StringIO())
        year = datetime.date.today().year
        publish_demo(year)
        _, task = generated_ledger(year - 5, 600, 12)
        factory = RequestFactory(HTTP_HOST="127.0.0.1")

        def anonymous(path):
            request = factory.get(path)
            request.user = AnonymousUser()
            return request

        results = {
            "ledger demo": measure(
                ledger_views.ledger_detail, anonymous(f"/ledger/{year}/"), args.repeat, year=year
            ),
            "ledger 600": measure(
                ledger_views.ledger_detail,
                anonymous(f"/ledger/{year - 5}/"),
                args.repeat,
                year=year - 5,
            ),
        }
        try:
            path = reverse("ledger:task-detail", args=[year - 5, task.pk])
            results["ledger 600 task"] = measure(
                ledger_views.task_detail, anonymous(path), args.repeat, year=year - 5, task=task.pk
            )
        except NoReverseMatch:  # a tree before the task pages
            pass
        request = factory.get("/admin/selfcheck/")
        request.user = User.objects.create_superuser("bench", password="bench-pw")
        request.session = {}
        results["selfcheck"] = measure(selfcheck_views.report, request, args.repeat)
        base = results["ledger demo"]
        for row in results.values():
            row["bytes ratio"] = round(row["bytes"] / base["bytes"], 2)
            row["time ratio"] = round(row["ms"] / base["ms"], 2)
        print(json.dumps(results, ensure_ascii=False, indent=2))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
