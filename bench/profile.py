"""Where the time of one package goes: parse, quiz, render, manifest, validate, zip.

Runs the real `build_one` in this process, one resource after the other, with a timer around each
stage's function (wrapped where `build_one` and the exporters look them up), so the figures are
those of a build, without a profiler's overhead.

    python bench/profile.py /tmp/catalogue [--limit 200]
"""

from __future__ import annotations

import argparse
import functools
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

from scormpack.build import build_one, discover  # noqa: E402
from scormpack.config import Settings  # noqa: E402

TIMES: dict[str, float] = defaultdict(float)


def _timed(stage: str, function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            TIMES[stage] += time.perf_counter() - start

    return wrapper


def instrument() -> None:
    """Wrap each stage where the pipeline looks it up (module attributes read at call time)."""
    import scormpack.package
    import scormpack.quiz
    import scormpack.reader
    from scormpack import exporters

    scormpack.reader.read_resource = _timed("parse", scormpack.reader.read_resource)
    scormpack.quiz.quiz_for = _timed("quiz", scormpack.quiz.quiz_for)
    scormpack.package.zip_bytes_to = _timed("zip", scormpack.package.zip_bytes_to)
    for name, cls in exporters.EXPORTERS.items():
        module = sys.modules[cls.__module__]
        # SCORM exporters call the renderer and the manifest writer by their module-level names.
        for attr, stage in (("lesson_html", "render"), ("manifest_xml", "manifest")):
            if hasattr(module, attr):
                setattr(module, attr, _timed(f"{stage}", getattr(module, attr)))
        cls.files = _timed(f"files[{name}]", cls.files)
        cls.check = _timed("validate", cls.check)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("catalogue", type=Path)
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("-f", "--format", dest="formats", action="append")
    args = parser.parse_args()
    instrument()
    sources = discover([args.catalogue])[: args.limit]
    with tempfile.TemporaryDirectory() as out:
        settings = Settings(output_dir=Path(out), formats=tuple(args.formats or ("scorm12",)))
        build_one(sources[0], settings)  # load templates and schemas outside the measure
        TIMES.clear()
        start = time.perf_counter()
        for source in sources:
            result = build_one(source, settings)
            if not result.ok:
                print(f"error: {result.error}", file=sys.stderr)
        total = time.perf_counter() - start
    print(report(dict(TIMES), total, len(sources), settings.formats))


def report(times: dict[str, float], total: float, n: int, formats: tuple[str, ...]) -> str:
    """Stage table in ms per resource; `files[fmt]` includes render and manifest, shown apart."""
    lines = [
        f"stage profile, one process, {n} resources × {len(formats)} format(s) ({', '.join(formats)}), "
        f"{total / n * 1000:.2f} ms per resource:"
    ]
    inner = sum(v for k, v in times.items() if k in {"render", "manifest"})
    files = sum(v for k, v in times.items() if k.startswith("files["))
    rows = [(k, v) for k, v in times.items() if not k.startswith("files[")]
    if files > inner:
        rows.append(("other exporter work", files - inner))
    rows.append(("other (build_one itself)", total - sum(v for _, v in rows)))
    for name, value in rows:
        lines.append(f"  {name:<26} {value / n * 1000:7.2f} ms  {value / total:6.1%}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
