"""The set-up steps of the Makefile install what is missing, each thing checked on its own."""

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def run_make(tmp_path, targets, present):
    """
    Run `make targets` with `present` commands on PATH and the package manager replaced by a
    recorder; return the apt-get calls it made.

    The recorder stands in for apt-get only because a test must not install system packages;
    the decision under test is the Makefile's own.
    """
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "apt-get.log"
    scripts = {"apt-get": f'#!/bin/sh\necho "$@" >> {calls}\n', **present}
    for name, body in scripts.items():
        path = bin_dir / name
        path.write_text(body)
        path.chmod(0o755)
    # Only the tools make's recipes need besides the ones under test.
    for tool in ("sh", "test", "grep", "make", "npm"):
        real = shutil.which(tool)
        if real and not (bin_dir / tool).exists():
            (bin_dir / tool).symlink_to(real)
    env = {**os.environ, "PATH": str(bin_dir)}
    subprocess.run(
        [shutil.which("make"), "-s", "-C", str(ROOT), *targets],
        env=env,
        check=True,
        capture_output=True,
    )
    return calls.read_text().splitlines() if calls.exists() else []


def test_fonts_are_installed_when_missing_even_with_chromium_there(tmp_path):
    present = {"chromium": "#!/bin/sh\n", "fc-list": "#!/bin/sh\n"}  # no CJK font
    calls = run_make(tmp_path, ["browser", "fonts"], present)
    assert any("install" in call and "fonts-noto-cjk" in call for call in calls)
    assert not any("chromium" in call for call in calls)


def test_install_test_includes_the_font_check():
    plan = subprocess.run(
        ["make", "-n", "-C", str(ROOT), "install-test"], capture_output=True, text=True
    ).stdout
    assert "fc-list :lang=zh" in plan


def test_nothing_is_installed_when_fonts_and_chromium_are_there(tmp_path):
    present = {"chromium": "#!/bin/sh\n", "fc-list": "#!/bin/sh\necho 'Noto Sans CJK SC'\n"}
    assert run_make(tmp_path, ["browser", "fonts"], present) == []


def test_bench_tools_install_wrk_when_missing(tmp_path):
    calls = run_make(tmp_path, ["bench-tools"], {})
    assert any("install" in call and call.split()[-1] == "wrk" for call in calls)
