"""The floor: write the same package files as zips with Python's zipfile, and do nothing else.

Each folder of PACKAGES (one per package, as extracted from our build) is written as one zip, with
the members' bytes read from the folder, deflated at the same level as scormpack's packages. No
parsing, rendering or validation: what is left is the cost of compressing and writing the bytes.

    python bench/floor.py PACKAGES OUT [--jobs N]

Prints one JSON line: {"packages": n, "seconds": t} (the loop's time, without interpreter start).
"""

from __future__ import annotations

import argparse
import json
import os
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

COMPRESSLEVEL = 6  # as scormpack.package


def zip_folder(args: tuple[Path, Path]) -> int:
    folder, target = args
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESSLEVEL) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.writestr(path.relative_to(folder).as_posix(), path.read_bytes())
    return 1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("packages", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    folders = sorted(p for p in args.packages.iterdir() if p.is_dir())
    tasks = [(folder, args.out / f"{folder.name}.zip") for folder in folders]
    start = time.perf_counter()
    if args.jobs > 1:
        chunk = max(1, min(16, len(tasks) // (args.jobs * 4)))
        with ProcessPoolExecutor(args.jobs) as pool:
            count = sum(pool.map(zip_folder, tasks, chunksize=chunk))
    else:
        count = sum(map(zip_folder, tasks))
    seconds = time.perf_counter() - start
    print(json.dumps({"packages": count, "seconds": seconds, "pid": os.getpid()}))


if __name__ == "__main__":
    main()
