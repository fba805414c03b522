#!/usr/bin/env python3
"""Mutation testing: plant each bug of tools/mutants.toml in a scratch copy, run the tests meant to catch it.

    python tools/mutate.py                 # every mutant (a few minutes on 2 cores)
    python tools/mutate.py --only template --only js
    python tools/mutate.py --only render-answer-order-guard
    python tools/mutate.py --list          # what would run; checks every snippet still exists

A mutant is an exact source snippet and its replacement. A snippet that is no longer in its file
(or is there more than once) stops the run before any test: the code moved, so the list must be
updated — silently skipping it would report a clean run that tested nothing.

The checkout itself is never modified: its files (tracked and untracked, as they are on disk) are
copied to a temporary folder, and each mutant is applied there, tested with only the tests listed
for it, and reverted. The tests must pass on the unmutated copy first. Exit status: 0 when every
mutant was killed (or is marked equivalent), 1 when one survived, 2 when the list is out of date.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = Path(__file__).with_name("mutants.toml")
# Browser tests start Chromium: a mutant that makes a page hang must still end.
TIMEOUT_S = 300


@dataclass(frozen=True)
class Mutant:
    id: str
    area: str
    file: str
    find: str
    replace: str
    tests: tuple[str, ...]
    bug: str
    # Why a survivor is not a bug, when it is one by construction; it then does not fail the run.
    equivalent: str = ""


@dataclass(frozen=True)
class Outcome:
    mutant: Mutant
    killed: bool
    seconds: float
    detail: str


class CatalogueError(Exception):
    """The list of mutants does not match the code any more."""


def load_catalogue(path: Path = CATALOGUE) -> list[Mutant]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    mutants = []
    for entry in data["mutant"]:
        mutants.append(
            Mutant(
                id=entry["id"],
                area=entry["area"],
                file=entry["file"],
                find=entry["find"],
                replace=entry["replace"],
                tests=tuple(entry["tests"]),
                bug=entry["bug"],
                equivalent=entry.get("equivalent", ""),
            )
        )
    ids = [m.id for m in mutants]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise CatalogueError(f"duplicate mutant ids: {', '.join(duplicates)}")
    return mutants


def select(mutants: Sequence[Mutant], only: Iterable[str]) -> list[Mutant]:
    wanted = set(only)
    if not wanted:
        return list(mutants)
    known = {m.area for m in mutants} | {m.id for m in mutants}
    unknown = sorted(wanted - known)
    if unknown:
        known_areas = ", ".join(areas(mutants))
        raise CatalogueError(f"--only {', '.join(unknown)}: no such area or mutant (areas: {known_areas})")
    return [m for m in mutants if m.area in wanted or m.id in wanted]


def areas(mutants: Sequence[Mutant]) -> list[str]:
    return list(dict.fromkeys(m.area for m in mutants))


def check_snippets(mutants: Sequence[Mutant], root: Path) -> None:
    """Every snippet must be in its file exactly once; otherwise say which mutant to update."""
    problems = []
    for mutant in mutants:
        path = root / mutant.file
        if not path.is_file():
            problems.append(f"mutant {mutant.id}: file {mutant.file} not found, update the list")
            continue
        count = path.read_text(encoding="utf-8").count(mutant.find)
        if count == 0:
            problems.append(f"mutant {mutant.id}: snippet not found in {mutant.file}, update the list")
        elif count > 1:
            problems.append(f"mutant {mutant.id}: snippet found {count} times in {mutant.file}, make it unique")
        if mutant.find == mutant.replace:
            problems.append(f"mutant {mutant.id}: the replacement is the snippet itself")
    if problems:
        raise CatalogueError("\n".join(problems))


def checkout_files(root: Path) -> list[str]:
    """The checkout's files as they are on disk: tracked and untracked, not ignored."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        check=True,
        capture_output=True,
    ).stdout.decode("utf-8")
    return [name for name in listed.split("\0") if name and (root / name).is_file()]


def scratch_copy(root: Path, into: Path) -> Path:
    copy = into / "checkout"
    for name in checkout_files(root):
        target = copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, target)
    # The npm packages (the test LMS, the accessibility checker) are read, never mutated.
    if (root / "node_modules").is_dir():
        (copy / "node_modules").symlink_to(root / "node_modules")
    return copy


def test_environment(copy: Path) -> dict[str, str]:
    env = dict(os.environ)
    # The copy's package comes first on the path, ahead of any installed or editable scormpack;
    # no bytecode is written, so a reverted file is never run from a stale cache.
    env["PYTHONPATH"] = os.pathsep.join([str(copy / "src"), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run_tests(copy: Path, tests: Sequence[str], timeout: float = TIMEOUT_S) -> tuple[int | None, str]:
    """pytest's exit code (None on timeout) and the last line it printed."""
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]
    try:
        done = subprocess.run(
            command, cwd=copy, env=test_environment(copy), capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return None, f"timed out after {timeout:.0f} s"
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    return done.returncode, lines[-1] if lines else done.stderr.strip()[-200:]


def apply(copy: Path, mutant: Mutant) -> str:
    """Plant the mutant; returns the original text for `revert`."""
    path = copy / mutant.file
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace(mutant.find, mutant.replace, 1), encoding="utf-8")
    return original


def revert(copy: Path, mutant: Mutant, original: str) -> None:
    (copy / mutant.file).write_text(original, encoding="utf-8")


def run_mutant(copy: Path, mutant: Mutant) -> Outcome:
    original = apply(copy, mutant)
    started = time.monotonic()
    try:
        code, last = run_tests(copy, mutant.tests)
    finally:
        revert(copy, mutant, original)
    seconds = time.monotonic() - started
    # Any failure counts: a failed assertion, an error at import or collection, a timeout.
    # Exit 5 (no test collected) does not: a mapping that selects nothing must not pass for a kill.
    if code == 5:
        raise CatalogueError(f"mutant {mutant.id}: its tests select nothing ({' '.join(mutant.tests)})")
    # Nor exit 4: a test id that no longer exists (renamed) is a usage error, not a failing test.
    if code == 4:
        raise CatalogueError(f"mutant {mutant.id}: pytest cannot find its tests ({last}), update the list")
    return Outcome(mutant, killed=code != 0, seconds=seconds, detail=last)


def print_list(mutants: Sequence[Mutant]) -> None:
    for mutant in mutants:
        flag = "  (equivalent)" if mutant.equivalent else ""
        print(f"{mutant.area:<14} {mutant.id}{flag}\n{'':<14} {mutant.file}: {mutant.bug}")
        print(f"{'':<14} tests: {' '.join(mutant.tests)}")
    print(f"{len(mutants)} mutants in {len(areas(mutants))} areas: {', '.join(areas(mutants))}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--only", action="append", default=[], metavar="AREA|ID", help="an area or a mutant id; repeatable"
    )
    parser.add_argument("--list", action="store_true", help="list the mutants and check their snippets; run nothing")
    args = parser.parse_args(argv)

    try:
        chosen = select(load_catalogue(CATALOGUE), args.only)
        check_snippets(chosen, ROOT)
    except CatalogueError as problem:
        print(problem, file=sys.stderr)
        return 2
    if args.list:
        print_list(chosen)
        return 0

    with tempfile.TemporaryDirectory(prefix="scormpack-mutants-") as scratch:
        copy = scratch_copy(ROOT, Path(scratch))
        every_test = list(dict.fromkeys(t for m in chosen for t in m.tests))
        print(f"baseline: {len(every_test)} test selections on the unmutated copy…", flush=True)
        code, last = run_tests(copy, every_test, timeout=TIMEOUT_S * 4)
        if code != 0:
            print(f"the tests fail without any mutant ({last}): fix them first", file=sys.stderr)
            return 2
        outcomes = []
        try:
            for number, mutant in enumerate(chosen, 1):
                outcome = run_mutant(copy, mutant)
                outcomes.append(outcome)
                verdict = "killed  " if outcome.killed else ("equiv.  " if mutant.equivalent else "SURVIVED")
                line = f"[{number:>3}/{len(chosen)}] {verdict} {mutant.id} ({outcome.seconds:.1f} s"
                # pytest's summary tells a failed assertion from an import or collection error.
                print(line + (f": {outcome.detail})" if outcome.killed else ")"), flush=True)
                if not outcome.killed:
                    print(f"          {mutant.file}: {mutant.bug}", flush=True)
        except CatalogueError as problem:
            print(problem, file=sys.stderr)
            return 2

    killed = [o for o in outcomes if o.killed]
    survivors = [o for o in outcomes if not o.killed and not o.mutant.equivalent]
    equivalent = [o for o in outcomes if not o.killed and o.mutant.equivalent]
    print(
        f"\nmutants: {len(outcomes)} run, {len(killed)} killed, {len(survivors)} survived, "
        f"{len(equivalent)} equivalent ({sum(o.seconds for o in outcomes):.0f} s of tests)"
    )
    for outcome in outcomes:
        if outcome.killed and outcome.mutant.equivalent:
            print(f"  note: {outcome.mutant.id} is marked equivalent but was killed: remove the mark")
    for outcome in equivalent:
        print(f"  equivalent {outcome.mutant.id}: {outcome.mutant.equivalent}")
    for outcome in survivors:
        print(f"  SURVIVED {outcome.mutant.id}: {outcome.mutant.bug} — add a test that fails on it")
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main())
