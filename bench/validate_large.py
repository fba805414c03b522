"""Validate a large package (~59 MB, 56 stored media members and one 4 MiB script) and report its cost.

The tests check what does not depend on the machine (which members are inflated, how many bytes are
read: tests/test_validate_large.py); the time and the memory are figures of this machine, printed here.

    python bench/validate_large.py [--repeat 3]

Prints one JSON line: package size, wall seconds per validation (median), peak traced memory (MB).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from test_validate_large import _large_package  # noqa: E402  (the tests' own package, same bytes)

from scormpack.validate import check_path, warm_up  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        package = _large_package(Path(folder) / "large.zip")
        warm_up()  # the XSDs are compiled once per process, not per package
        seconds = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            findings = check_path(package)
            seconds.append(time.perf_counter() - started)
        if any(f.is_error for f in findings):
            raise SystemExit(f"the large package should be valid: {findings}")
        tracemalloc.start()
        check_path(package)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            json.dumps(
                {
                    "package_mb": round(package.stat().st_size / 1e6, 1),
                    "seconds": round(statistics.median(seconds), 3),
                    "peak_traced_mb": round(peak / 1e6, 1),
                }
            )
        )


if __name__ == "__main__":
    main()
