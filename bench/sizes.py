"""How one build's cost grows with the size of one resource (issue 10, item 8).

Builds one generated resource per row with `/usr/bin/time` (wall, CPU and peak memory of the whole
command) and prints a markdown table. The inputs grow by doubling, so a linear cost shows as a
doubling of CPU time from row to row of the same kind:

    python bench/sizes.py              # transcripts 1-4 MB, 20,000-80,000 credit lines and paragraphs,
                                       # 10,000-40,000 numbered list items
    python bench/sizes.py --quick      # the smaller half of each series

CPU time (user + system) is the figure to compare: wall time also counts the other processes of a
shared machine.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = next((ROOT / "seeds").glob("*.md"))


def _parts() -> tuple[str, list[str], str]:
    text = SEED.read_text(encoding="utf-8")
    head, rest = text.split("## Transcription", 1)
    transcript, credits = rest.split("## **Crédits**", 1)
    return head, [p for p in transcript.strip().split("\n\n") if p], credits


def _resource(head: str, paragraphs: list[str], credits: str) -> str:
    return f"{head}## Transcription\n\n" + "\n\n".join(paragraphs) + f"\n\n## **Crédits**{credits}"


def inputs(quick: bool) -> list[tuple[str, str]]:
    head, paragraphs, credits = _parts()
    rows: list[tuple[str, str]] = []
    for megabytes in (1, 2) if quick else (1, 2, 4):
        chosen: list[str] = []
        size = 0
        while size < megabytes * 1_000_000:
            paragraph = paragraphs[len(chosen) % len(paragraphs)]
            chosen.append(paragraph)
            size += len(paragraph.encode()) + 2
        rows.append((f"{megabytes} MB transcript", _resource(head, chosen, credits)))
    for count in (20_000, 40_000) if quick else (20_000, 40_000, 80_000):
        lines = "\n".join(f"- **Rôle {i}** : Nom {i}" for i in range(count))
        rows.append((f"{count:,} credit lines", _resource(head, paragraphs[:1], f"\n\n{lines}\n")))
    for count in (20_000, 40_000) if quick else (20_000, 40_000, 80_000):
        short = [f"Phrase courte numéro {i}." for i in range(count)]
        rows.append((f"{count:,} short paragraphs", _resource(head, short, credits)))
    for count in (10_000, 20_000) if quick else (10_000, 20_000, 40_000):
        # Numbered steps with a nested bullet each: the transcript's lists are read as blocks.
        steps = "\n".join(f"{i + 1}. Étape numéro {i}.\n   - Détail {i}." for i in range(count))
        rows.append((f"{count:,} numbered list items", _resource(head, [*paragraphs[:1], steps], credits)))
    return rows


def measure(source: Path, out: Path) -> tuple[float, float, int]:
    """(wall s, CPU s, peak kB) of one forced single-process build of `source`."""
    command = [
        "/usr/bin/time", "-f", "%e %U %S %M",
        sys.executable, "-m", "scormpack", "build", str(source), "-o", str(out),
        "-j1", "--force", "--max-source-mb", "100", "--format", "all",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"build failed: {done.stderr.strip()}")
    wall, user, system, peak = done.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(system), int(peak)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="the smaller half of each series")
    args = parser.parse_args()
    if not Path("/usr/bin/time").exists():
        raise SystemExit("needs /usr/bin/time (Debian: apt-get install time)")
    work = Path(tempfile.mkdtemp(prefix="scormpack-sizes-"))
    try:
        print("| input | size | wall | CPU | peak memory |")
        print("|---|---|---|---|---|")
        for label, text in inputs(args.quick):
            source = work / "resource.md"
            source.write_text(text, encoding="utf-8")
            wall, cpu, peak = measure(source, work / "out")
            size = source.stat().st_size / 1e6
            print(f"| {label} | {size:.1f} MB | {wall:.1f} s | {cpu:.1f} s | {peak / 1024:.0f} MB |", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
