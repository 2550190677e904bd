"""
Speed and memory of the catalogue import, as ratios to openpyxl's own parse of the same file.

A catalogue of N rows is written in the template layout (catalogue.sheet_writer: title row,
two-row header, merged level-1 names, notes block) from the 19 standard items repeated under
numbered level-1 names. Each figure is taken in a fresh process, so ru_maxrss is that step's own
and every import starts from a fresh copy of the same scratch database (SQLite, or PostgreSQL):

    parse        openpyxl load_workbook(read_only=True, data_only=True), every row's values
    read         catalogue.sheet_reader.read_catalogue: header, merges, channels, ticks
    import_dry   catalogue.importing.import_catalogue(dry_run=True): the admin's preview
    import_real  the same, written: every row new
    reimport     the same file again, written: every row unchanged

Django runs with the production settings (DEBUG off). Times are the best of --repeat runs
without tracemalloc; tracemalloc's peak comes from one more run with tracing on (tracing slows
Python several times over, so it never times anything). The reimport's ru_maxrss growth is only
what it adds above the first, unmeasured import's peak; its tracemalloc peak is its own.

    python -m bench.import_speed [--rows 1000 10000] [--repeat 3]
    DATABASE_URL=postgres://USER@HOST:5432/NAME python -m bench.import_speed   # on PostgreSQL

On PostgreSQL the scratch databases are NAME_bench_template and NAME_bench_run (dropped after).
"""

import argparse
import gc
import io
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STEPS = ("parse", "read", "import_dry", "import_real", "reimport")
IMPORT_STEPS = ("import_dry", "import_real", "reimport")
DOMAIN_NAME = "导入基准"
DOMAIN_SLUG = "import-bench"


class Databases:
    """
    The scratch databases: a migrated template and a fresh copy of it for every measured run.

    SQLite by default (files in the work directory); with DATABASE_URL set to a PostgreSQL
    database, `<name>_bench_template` and `<name>_bench_run` on the same server, copied with
    CREATE DATABASE … TEMPLATE.
    """

    def __init__(self, workdir, url=None):
        self.workdir = Path(workdir)
        self.url = url if url and url.startswith(("postgres://", "postgresql://")) else None

    def _pg(self, suffix):
        base, _, name = self.url.rpartition("/")
        return f"{base}/{name}_bench_{suffix}", f"{name}_bench_{suffix}"

    @property
    def template(self):
        if self.url:
            return self._pg("template")[0]
        return f"sqlite:///{self.workdir / 'template.sqlite3'}"

    def _admin(self, *statements):
        import psycopg

        base = self.url.rpartition("/")[0]
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)

    def create_template(self):
        if self.url:
            name = self._pg("template")[1]
            self._admin(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')

    def fresh_copy(self):
        """The URL of a fresh copy of the template database."""
        if self.url:
            (url, name), template = self._pg("run"), self._pg("template")[1]
            self._admin(
                f'DROP DATABASE IF EXISTS "{name}"',
                f'CREATE DATABASE "{name}" TEMPLATE "{template}"',
            )
            return url
        copy = self.workdir / "run.sqlite3"
        shutil.copyfile(self.workdir / "template.sqlite3", copy)
        return f"sqlite:///{copy}"

    def drop(self):
        if self.url:
            names = (self._pg("run")[1], self._pg("template")[1])
            self._admin(*(f'DROP DATABASE IF EXISTS "{name}"' for name in names))

    @property
    def vendor(self):
        return "postgresql" if self.url else "sqlite"


def setup_django(database_url, workdir):
    """
    Set Django up as in production (DEBUG off) on a scratch database.

    DEBUG off matters here: with DEBUG on Django keeps every query of the import in memory.
    """
    sys.path.insert(0, str(ROOT))
    from bench.common import production_env

    os.environ.update(production_env(workdir, database_url))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()


def bench_records(count):
    """`count` distinct records: the standard catalogue repeated, level-1 names numbered."""
    from disclosure.standard_data import read_catalogue

    standard = [item for domain in read_catalogue()["domains"] for item in domain["items"]]
    records = []
    for n in range(count):
        base = standard[n % len(standard)]
        records.append(
            {
                **base,
                "number": n + 1,
                "level1": f"{base['level1']}{n // len(standard) + 1}",
            }
        )
    return records


def prepare(workdir, row_counts, database_url):
    """Write the workbooks and a migrated template database, in this (worker) process."""
    setup_django(database_url, workdir)
    from django.core.management import call_command

    from catalogue.models import Domain
    from catalogue.sheet_writer import write_catalogue

    call_command("migrate", verbosity=0)
    call_command("load_standard_data", stdout=io.StringIO())
    Domain.objects.create(name=DOMAIN_NAME, slug=DOMAIN_SLUG, order=99)
    for rows in row_counts:
        path = workdir / f"catalogue-{rows}.xlsx"
        path.write_bytes(write_catalogue(bench_records(rows), domain_name=DOMAIN_NAME))


# The steps, each run in a worker process.


def step_parse(path):
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    cells = 0
    for row in workbook.worksheets[0].iter_rows(values_only=True):
        cells += sum(value is not None for value in row)
    workbook.close()
    return {"cells": cells}, None


def step_read(path):
    from catalogue.sheet_reader import read_catalogue

    sheet = read_catalogue(path)
    return {"records": len(sheet.rows)}, sheet


def step_import(path, dry_run):
    from catalogue.importing import import_catalogue
    from catalogue.models import Domain

    domain = Domain.objects.get(slug=DOMAIN_SLUG)
    result = import_catalogue(path, domain, dry_run=dry_run, publish=True)
    if result.failed:
        raise RuntimeError("import failed: " + "; ".join(result.error_messages[:3]))
    return {"summary": result.summary}, result


def run_step(step, path):
    if step == "parse":
        return step_parse(path)
    if step == "read":
        return step_read(path)
    return step_import(path, dry_run=step == "import_dry")


def worker(args):
    """Run one step once in this fresh process and print its figures as JSON."""
    setup_django(args.database, Path(args.file).parent)
    # Load the code every step needs before the baseline, so only the work itself is measured.
    import catalogue.importing
    import catalogue.sheet_reader  # noqa: F401

    path = Path(args.file)
    if args.step == "reimport":
        step_import(path, dry_run=False)  # the first import, not measured
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if args.trace:
        tracemalloc.start()
    started = time.perf_counter()
    detail, kept = run_step(args.step, path)
    seconds = time.perf_counter() - started
    figures = {"seconds": seconds, **detail}
    if args.trace:
        # What is still allocated while the step's result is alive: for the reader, the rows
        # themselves as records; the peak above it is the step's working memory. Collect first,
        # or cyclic garbage (model instances, querysets) counts as kept.
        peak = tracemalloc.get_traced_memory()[1]
        gc.collect()
        figures["tracemalloc_retained"], figures["tracemalloc_peak"] = (
            tracemalloc.get_traced_memory()[0],
            peak,
        )
        tracemalloc.stop()
    else:
        figures["maxrss_before_kib"] = rss_before
        figures["maxrss_after_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    del kept
    print(json.dumps(figures, ensure_ascii=False))


def measure(step, path, databases, *, trace):
    """Run `step` in a fresh process on a fresh copy of the template database."""
    command = [sys.executable, "-m", "bench.import_speed", "--worker", step]
    command += ["--file", str(path), "--database", databases.fresh_copy()]
    if trace:
        command.append("--trace")
    output = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def bench_rows(rows, path, databases, repeat):
    timed = {step: [] for step in STEPS}
    for _ in range(repeat):
        for step in STEPS:  # interleaved, so a busy moment of the machine spreads over all steps
            timed[step].append(measure(step, path, databases, trace=False))
    traced = {step: measure(step, path, databases, trace=True) for step in STEPS}
    parse_seconds = min(run["seconds"] for run in timed["parse"])
    steps = {}
    for step in STEPS:
        runs = timed[step]
        best = min(runs, key=lambda run: run["seconds"])
        rss_growth = min(run["maxrss_after_kib"] - run["maxrss_before_kib"] for run in runs)
        peak = traced[step]["tracemalloc_peak"]
        retained = traced[step]["tracemalloc_retained"]
        steps[step] = {
            "seconds": round(best["seconds"], 3),
            "seconds_all": [round(run["seconds"], 3) for run in runs],
            "ratio_to_parse": round(best["seconds"] / parse_seconds, 2),
            "tracemalloc_peak_mib": round(peak / 2**20, 1),
            "tracemalloc_peak_bytes": peak,
            "tracemalloc_peak_bytes_per_row": round(peak / rows),
            "tracemalloc_retained_mib": round(retained / 2**20, 1),
            "maxrss_growth_mib": round(rss_growth / 1024, 1),
            "maxrss_growth_kib": rss_growth,
            **{k: v for k, v in best.items() if k in ("cells", "records", "summary")},
        }
    return {"rows": rows, "file_bytes": path.stat().st_size, "steps": steps}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--rows", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--worker", choices=STEPS, dest="step", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--prepare", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        return worker(args)
    if args.prepare:
        return prepare(Path(args.prepare), args.rows, args.database)

    # Linux carries a parent's peak RSS into a spawned child's ru_maxrss, so this process stays
    # small: the workbooks are written by a worker too, and Django is never set up here.
    load_before = os.getloadavg()
    workdir = Path(tempfile.mkdtemp(prefix="import-bench-"))
    databases = Databases(workdir, os.environ.get("DATABASE_URL"))
    try:
        databases.create_template()
        prepare_command = [sys.executable, "-m", "bench.import_speed", "--prepare", str(workdir)]
        prepare_command += ["--database", databases.template]
        subprocess.run(
            [*prepare_command, "--rows", *(str(rows) for rows in args.rows)],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        results = [
            bench_rows(rows, workdir / f"catalogue-{rows}.xlsx", databases, args.repeat)
            for rows in args.rows
        ]
    finally:
        databases.drop()
        shutil.rmtree(workdir, ignore_errors=True)
    marginal = {}
    if len(results) > 1:
        # Growth between the smallest and the largest file, per extra row: a fixed cost (the
        # interpreter, the upload buffer) cancels out, what remains is what each row costs.
        small, large = results[0], results[-1]
        extra_rows = large["rows"] - small["rows"]
        for step in STEPS:
            a, b = small["steps"][step], large["steps"][step]
            marginal[step] = {
                "tracemalloc_peak_bytes_per_extra_row": round(
                    (b["tracemalloc_peak_bytes"] - a["tracemalloc_peak_bytes"]) / extra_rows
                ),
                "maxrss_bytes_per_extra_row": round(
                    (b["maxrss_growth_kib"] - a["maxrss_growth_kib"]) * 1024 / extra_rows
                ),
            }
    print(
        json.dumps(
            {
                "benchmark": "import_speed",
                "python": platform.python_version(),
                "database": databases.vendor,
                "cpus": os.cpu_count(),
                "repeat": args.repeat,
                "load_average_before": [round(x, 2) for x in load_before],
                "load_average_after": [round(x, 2) for x in os.getloadavg()],
                "goal": "every step within 2.5x the parse time",
                "results": results,
                "memory_per_extra_row": marginal,
            },
            ensure_ascii=False,
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
