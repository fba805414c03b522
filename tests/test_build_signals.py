"""A build stopped by SIGTERM or SIGINT (a CI job cancelled, Ctrl-C, a service manager) in a real process.

The commands that build with worker processes (`build`, `course`, `preview`'s first build) are started,
signalled once some packages are written by the workers, and must then: stop every worker, exit non-zero
with one line, leave no partial file in the output folder, and leave an incremental state that vouches
only for packages that are whole (the next run rebuilds the rest and nothing else).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from support import SEED

# Enough resources that the build is still running when the signal comes, on any machine.
RESOURCES = 120
JOBS = "2"
# Packages to wait for before the signal: the first one is built by the parent, the rest by workers.
STARTED = 4
# Bounds on waiting only (a hang fails the test instead of blocking it); nothing here measures speed.
PATIENCE = 30.0


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("signals") / "many"
    folder.mkdir()
    text = SEED.read_text(encoding="utf-8")
    for index in range(RESOURCES):
        (folder / f"r{index:03d}.md").write_text(text, encoding="utf-8")
    return folder


def start(args: list[str], cwd: Path) -> subprocess.Popen:
    # A session of its own: its process group is the command and its workers, and nothing else.
    return subprocess.Popen(
        [sys.executable, "-m", "scormpack", *args],
        cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )


def wait_for_packages(process: subprocess.Popen, folder: Path) -> None:
    deadline = time.monotonic() + PATIENCE
    while len(list(folder.glob("*.zip"))) < STARTED:
        if process.poll() is not None:
            pytest.fail(f"the command ended before it was signalled: {process.communicate()}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("no package was written")
        time.sleep(0.01)


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def stop_and_collect(process: subprocess.Popen, signum: int, *, whole_group: bool) -> tuple[str, str]:
    assert process.poll() is None, "the command should still be running"
    pgid = process.pid  # its own session: the group id is its pid
    if whole_group:  # Ctrl-C in a terminal: the signal goes to every process of the foreground group
        os.killpg(pgid, signum)
    else:  # kill PID, a CI runner, a service manager: the parent alone
        process.send_signal(signum)
    try:
        # Workers left behind would hold the pipes open: communicate() would then never return.
        out, err = process.communicate(timeout=PATIENCE)
    except subprocess.TimeoutExpired:
        os.killpg(pgid, signal.SIGKILL)
        process.communicate()
        pytest.fail("the command or its workers did not stop (the output pipes stayed open)")
    deadline = time.monotonic() + PATIENCE
    while group_alive(pgid) and time.monotonic() < deadline:
        time.sleep(0.05)  # exited workers are reaped by init in the meantime
    if group_alive(pgid):
        os.killpg(pgid, signal.SIGKILL)
        pytest.fail("worker processes outlived the command")
    return out, err


def assert_one_line(err: str, signum: int, returncode: int) -> None:
    name = signal.Signals(signum).name
    assert returncode == 128 + signum, (returncode, err)
    assert "Traceback" not in err and "Exception ignored" not in err, err
    lines = err.splitlines()
    assert lines and lines[-1].startswith(f"error: interrupted by {name}"), err
    assert [line for line in lines if line.startswith("error:")] == [lines[-1]], err


def assert_whole_and_consistent(folder: Path) -> None:
    """No temporary file; every package a whole zip; the state names only whole packages."""
    leftovers = [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == [], leftovers
    packages = sorted(folder.glob("*.zip"))
    assert packages
    for package in packages:
        with zipfile.ZipFile(package) as archive:
            assert archive.testzip() is None
    state = json.loads((folder / ".scormpack-state.json").read_text(encoding="utf-8"))
    for entry in state["packages"].values():
        written = folder / entry["output"]
        assert hashlib.sha256(written.read_bytes()).hexdigest() == entry["sha256"]


SIGNALS = [
    pytest.param(signal.SIGTERM, False, id="SIGTERM"),
    pytest.param(signal.SIGINT, False, id="SIGINT-to-the-parent"),
    pytest.param(signal.SIGINT, True, id="Ctrl-C"),
]


@pytest.mark.parametrize(("signum", "whole_group"), SIGNALS)
def test_build_stops_its_workers_and_says_so(tmp_path, catalogue, signum, whole_group):
    out = tmp_path / "dist"
    process = start(["build", str(catalogue), "-o", str(out), "--jobs", JOBS], tmp_path)
    wait_for_packages(process, out)
    _, err = stop_and_collect(process, signum, whole_group=whole_group)
    assert_one_line(err, signum, process.returncode)
    assert "built, " not in err  # no summary as if the run had ended
    assert_whole_and_consistent(out)
    if signum != signal.SIGTERM:
        return  # the state was checked above; one rerun (below) is enough to show it is usable

    # The next run picks up where this one stopped: what is recorded is kept, the rest is built.
    again = subprocess.run(
        [sys.executable, "-m", "scormpack", "build", str(catalogue), "-o", str(out), "--jobs", JOBS],
        capture_output=True, text=True, cwd=tmp_path, timeout=300, check=False,
    )
    assert again.returncode == 0, again.stderr
    summary = next(line for line in again.stdout.splitlines() if re.fullmatch(r"\d+ built, \d+ unchanged, 0 failed", line))
    built, unchanged = int(summary.split()[0]), int(summary.split()[2])
    assert unchanged >= 1 and built + unchanged == RESOURCES, summary
    assert len(list(out.glob("*.zip"))) == RESOURCES


def test_course_stops_its_workers_and_writes_no_backup(tmp_path, catalogue):
    out = tmp_path / "dist"
    process = start(["course", str(catalogue), "-o", str(out), "--jobs", JOBS], tmp_path)
    wait_for_packages(process, out)
    _, err = stop_and_collect(process, signal.SIGTERM, whole_group=False)
    assert_one_line(err, signal.SIGTERM, process.returncode)
    assert list(out.glob("*.mbz")) == []
    assert_whole_and_consistent(out)


def test_preview_first_build_stops_its_workers(tmp_path, catalogue):
    process = start(["preview", str(catalogue), "--port", "0"], tmp_path)
    private = tmp_path / ".scormpack-preview" / "scorm12"
    wait_for_packages(process, private)
    out, err = stop_and_collect(process, signal.SIGTERM, whole_group=False)
    assert_one_line(err, signal.SIGTERM, process.returncode)
    assert "preview: http" not in out  # it never served
    assert_whole_and_consistent(private)


def test_a_signal_swallowed_where_python_ignores_exceptions_is_raised_again(capfd):
    """A signal met in a `__del__` (or a fork or import hook) cannot raise there: the build asks
    `check` between two resources, and nothing is printed meanwhile."""
    from scormpack import interrupt

    class Dropped:
        def __del__(self):
            os.kill(os.getpid(), signal.SIGTERM)
            sum(range(1000))  # bytecodes, where Python runs the handler

    with interrupt.raise_on_signals():
        Dropped()
        with pytest.raises(interrupt.Interrupted) as caught:
            interrupt.check()
    assert caught.value.name == "SIGTERM" and caught.value.exit_status == 143
    assert capfd.readouterr().err == ""
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # put back as it was
