"""
Throughput of the domain catalogue page, as a ratio to a static file of the same size.

Both are served by the same gunicorn (portal.wsgi, production settings, whitenoise), so the ratio
says how much the page costs beyond moving its bytes. The load comes from wrk (Debian's `wrk`;
`make bench-tools` installs it), a C load generator, so the client is not what caps the figures.
Absolute requests per second depend on the machine; the ratio is what to compare between runs.

    python -m bench.catalogue_throughput [--rounds 5] [--duration 4] [--connections 8]
                                         [--threads 1] [--workers 2] [--path PATH]

`--path /u/bureau/catalogue/social-assistance/` measures the same page at the first unit's own
address (/u/<slug>/, the slug of PORTAL_BUREAU_SLUG), where the version is read by slug.

The page and the static file are measured in alternation, `--rounds` times each, and the ratio is
the median of the rounds' ratios: on a shared machine the load drifts, and two long measurements
one after the other would compare different loads.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import time
import urllib.request

from bench.common import gunicorn, scratch_portal

CATALOGUE_PATH = "/catalogue/social-assistance/"
STATIC_NAME = "bench-same-size.html"
_RATE = re.compile(r"^Requests/sec:\s+([\d.]+)", re.M)
_BAD = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)|Socket errors:(.*)")


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}")
        return body


def wrk_path():
    path = shutil.which("wrk")
    if path is None:
        raise SystemExit("wrk is not installed: run `make bench-tools` (apt-get install wrk).")
    return path


def throughput(url, *, duration, connections, threads):
    """Requests per second wrk measured on GETs of `url`; any failed request spoils the figure."""
    output = subprocess.run(
        [
            wrk_path(),
            f"--threads={threads}",
            f"--connections={connections}",
            f"--duration={duration}s",
            "--timeout=30s",
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    bad = _BAD.search(output)
    if bad:
        raise RuntimeError(f"failed requests on {url}:\n{output}")
    rate = _RATE.search(output)
    if rate is None:
        raise RuntimeError(f"no Requests/sec in wrk's output:\n{output}")
    return float(rate.group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--rounds", type=int, default=5, help="page/static pairs measured")
    parser.add_argument("--duration", type=int, default=4, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=1, help="wrk's threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn's workers")
    parser.add_argument("--path", default=CATALOGUE_PATH, help="the page measured")
    args = parser.parse_args()
    wrk_path()
    load = {"connections": args.connections, "threads": args.threads}

    with scratch_portal() as (env, workdir):
        # The page cache of this run only: files in the scratch directory, or its own Redis keys
        # when REDIS_URL is set.
        env["DJANGO_CACHE_DIR"] = str(workdir / "cache")
        env["DJANGO_CACHE_PREFIX"] = f"bench-{os.getpid()}-{time.time_ns()}"
        with gunicorn(env, args.workers) as base:
            page = fetch(base + args.path)
        # WhiteNoise indexes STATIC_ROOT at start-up, so the twin file exists before the run.
        (workdir / "static" / STATIC_NAME).write_bytes(b"x" * len(page))
        with gunicorn(env, args.workers) as base:
            static_url = f"{base}/static/{STATIC_NAME}"
            if len(fetch(static_url)) != len(page):
                raise RuntimeError("the static twin is not the page's size")
            for url in (base + args.path, static_url):  # warm both
                throughput(url, duration=1, **load)
            rounds = []
            for _ in range(args.rounds):
                page_rps = throughput(base + args.path, duration=args.duration, **load)
                static_rps = throughput(static_url, duration=args.duration, **load)
                rounds.append((page_rps, static_rps))

    result = {
        "benchmark": "catalogue_throughput",
        "page": args.path,
        "page_bytes": len(page),
        "client": "wrk",
        "rounds": args.rounds,
        "duration_s": args.duration,
        "connections": args.connections,
        "wrk_threads": args.threads,
        "gunicorn_workers": args.workers,
        "cache": "redis" if env.get("REDIS_URL") else "files",
        "page_rps": round(statistics.median(page for page, _ in rounds), 1),
        "static_rps": round(statistics.median(static for _, static in rounds), 1),
        "round_ratios": [round(page / static, 3) for page, static in rounds],
        "ratio_page_to_static": round(statistics.median(p / s for p, s in rounds), 3),
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
