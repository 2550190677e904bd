"""
Throughput of the domain catalogue page, as a ratio to a static file of the same size.

Both are served by the same gunicorn (portal.wsgi, production settings, whitenoise), so the ratio
says how much the page costs beyond moving its bytes. Absolute requests per second depend on the
machine; the ratio is what to compare between runs.

    python -m bench.catalogue_throughput [--requests 2000] [--concurrency 8] [--workers 2]
"""

import argparse
import json
import os
import threading
import time
import urllib.request

from bench.common import gunicorn, scratch_portal

CATALOGUE_PATH = "/catalogue/social-assistance/"
STATIC_NAME = "bench-same-size.html"


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}")
        return body


def throughput(url, requests, concurrency):
    """Requests per second over `requests` GETs from `concurrency` threads."""
    remaining = iter(range(requests))
    lock = threading.Lock()
    errors = []

    def worker():
        while True:
            with lock:
                if next(remaining, None) is None:
                    return
            try:
                fetch(url)
            except Exception as exc:  # a failed request spoils the figure: report it
                errors.append(exc)
                return

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"{len(errors)} failed requests, first: {errors[0]!r}")
    return requests / elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    with scratch_portal() as (env, workdir):
        # The page cache of this run only: files in the scratch directory, or its own Redis keys
        # when REDIS_URL is set.
        env["DJANGO_CACHE_DIR"] = str(workdir / "cache")
        env["DJANGO_CACHE_PREFIX"] = f"bench-{os.getpid()}-{time.time_ns()}"
        with gunicorn(env, args.workers) as base:
            page = fetch(base + CATALOGUE_PATH)
        # WhiteNoise indexes STATIC_ROOT at start-up, so the twin file exists before the run.
        (workdir / "static" / STATIC_NAME).write_bytes(b"x" * len(page))
        with gunicorn(env, args.workers) as base:
            static_url = f"{base}/static/{STATIC_NAME}"
            if len(fetch(static_url)) != len(page):
                raise RuntimeError("the static twin is not the page's size")
            for url in (base + CATALOGUE_PATH, static_url):  # warm both
                throughput(url, 100, args.concurrency)
            page_rps = throughput(base + CATALOGUE_PATH, args.requests, args.concurrency)
            static_rps = throughput(static_url, args.requests, args.concurrency)

    result = {
        "benchmark": "catalogue_throughput",
        "page": CATALOGUE_PATH,
        "page_bytes": len(page),
        "requests": args.requests,
        "concurrency": args.concurrency,
        "gunicorn_workers": args.workers,
        "cache": "redis" if env.get("REDIS_URL") else "files",
        "page_rps": round(page_rps, 1),
        "static_rps": round(static_rps, 1),
        "ratio_page_to_static": round(page_rps / static_rps, 3),
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
