"""
Speed of the ledger import, as ratios to openpyxl's own parse of the same file.

A ledger of N requirements (seed 004's layout: task, subtask, number, text, offices, deadline)
is written with openpyxl and imported into a migrated scratch database (SQLite, or PostgreSQL
with DATABASE_URL), all in one process with the production settings (DEBUG off):

    parse        openpyxl load_workbook(read_only=True, data_only=True), every row's values
    import_real  ledger.importing.import_file: read, plan and write, every requirement new
    reimport     the same file again: every requirement unchanged, nothing written

Times are the best of --repeat runs (the ledger is deleted, untimed, before each real import);
queries and page-cache bumps are counted on one more run of each.

    python -m bench.ledger_import [--rows 2000] [--repeat 5]
    DATABASE_URL=postgres://USER@HOST:5432/NAME python -m bench.ledger_import   # on PostgreSQL
"""

import argparse
import json
import os
import platform
import shutil
import tempfile
import time
from pathlib import Path

from bench.import_speed import Databases, setup_django

HEADER = ["工作任务", None, "具体要求", None, "责任部门（单位）", "时限要求"]


def write_ledger(path, rows):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["政务公开重点工作台账"])
    sheet.append(HEADER)
    for n in range(1, rows + 1):
        sheet.append(
            [
                f"{'一二三四五六七八'[n % 8]}、重点任务{n % 8}",
                f"（{'一二三四五'[n % 5]}）分项任务{n % 5}",
                str(n),
                f"第{n}项具体要求：按规定及时公开相关政府信息，并做好政策解读和回应关切。",
                "办公室牵头，社会救助科、养老服务科配合",
                ("年底前", "6月底前", "持续推进", "每季度")[n % 4],
            ]
        )
    workbook.save(path)


def parse(path):
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    cells = sum(
        sum(value is not None for value in row)
        for row in workbook.worksheets[0].iter_rows(values_only=True)
    )
    workbook.close()
    return cells


def run_import(path):
    from ledger.importing import import_file
    from ledger.reading import read_ledger_file
    from units.models import Unit

    plan, _ledger = import_file(read_ledger_file(path.read_bytes()), 2026, Unit.objects.home())
    return plan


def best(function, repeat, before=None):
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def counted(function):
    """(queries, page-cache bumps) of one run."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        function()
    sql = [query["sql"] for query in queries.captured_queries]
    # A bump updates the platform's row first, then the unit's (pagecache.models).
    bumps = sum(
        "pagecache_contentversion" in s and s.startswith("UPDATE") and '"unit_id" IS NULL' in s
        for s in sql
    )
    return len(sql), bumps


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="ledger-bench-"))
    databases = Databases(workdir, os.environ.get("DATABASE_URL"))
    try:
        databases.create_template()
        setup_django(databases.template, workdir)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from ledger.models import Ledger
        from offices.models import Office

        for name in ("办公室", "社会救助科", "养老服务科"):
            Office.objects.get_or_create(name=name)
        path = workdir / "ledger.xlsx"
        write_ledger(path, args.rows)

        def clear():
            Ledger.objects.all().delete()

        parse_time = best(lambda: parse(path), args.repeat)
        real_time = best(lambda: run_import(path), args.repeat, before=clear)
        reimport_time = best(lambda: run_import(path), args.repeat)
        clear()
        real_queries, real_bumps = counted(lambda: run_import(path))
        re_queries, re_bumps = counted(lambda: run_import(path))
        clear()
    finally:
        from django.db import connections

        connections.close_all()
        databases.drop()
        shutil.rmtree(workdir, ignore_errors=True)
    print(
        json.dumps(
            {
                "benchmark": "ledger_import",
                "python": platform.python_version(),
                "database": databases.vendor,
                "rows": args.rows,
                "repeat": args.repeat,
                "load_average": [round(x, 2) for x in os.getloadavg()],
                "goal": "import within 3x the parse time",
                "parse_s": round(parse_time, 4),
                "import_real_x_parse": round(real_time / parse_time, 2),
                "reimport_x_parse": round(reimport_time / parse_time, 2),
                "import_real": {"queries": real_queries, "page_cache_bumps": real_bumps},
                "reimport": {"queries": re_queries, "page_cache_bumps": re_bumps},
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
