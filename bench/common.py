"""Helpers shared by the benchmarks: a throw-away production-like portal under gunicorn."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(workdir, database_url=None):
    """Environment of a production portal (DEBUG off, whitenoise) in a scratch directory."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "bench-" + "x" * 60,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_HSTS_SECONDS": "0",
            "DJANGO_STATIC_ROOT": str(Path(workdir) / "static"),
            "DJANGO_LOG_LEVEL": "WARNING",
            "DATABASE_URL": database_url
            or os.environ.get("DATABASE_URL")
            or f"sqlite:///{Path(workdir) / 'bench.sqlite3'}",
        }
    )
    return env


def manage(env, *args):
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


@contextmanager
def scratch_portal(database_url=None):
    """Yield (env, workdir) of a migrated portal with the standard data and collected statics."""
    workdir = tempfile.mkdtemp(prefix="portal-bench-")
    try:
        env = production_env(workdir, database_url)
        manage(env, "migrate", "--noinput")
        manage(env, "load_standard_data")
        manage(env, "collectstatic", "--noinput")
        yield env, Path(workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


@contextmanager
def gunicorn(env, workers=2):
    """Serve portal.wsgi with gunicorn on a free loopback port; yield the base URL."""
    port = free_port()
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
