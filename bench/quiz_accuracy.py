"""Precision and recall of the actors that `scormpack.derive.extract_pairs` finds, by key.

Runs over tests/corpus/**/*.expected.yaml (each names its transcript: the .md beside it, or `source:`
for the seed read from seeds/). Texts marked `held_out: true` were written after the extractor
passed the others; texts in sub-folders were written blind, by someone who never saw the
extractor's code, one folder at a time: each was measured once as it came, then (but the newest)
used to improve the extractor. `--skip FOLDER` keeps a folder out without reading it. Each group
is reported apart. Run from the repository root:

    python bench/quiz_accuracy.py
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
try:
    import scormpack  # noqa: F401
except ImportError:  # not installed: use the checkout
    sys.path.insert(0, str(ROOT / "src"))

import yaml  # noqa: E402

from scormpack.derive import extract_pairs  # noqa: E402
from scormpack.reader import read_resource  # noqa: E402
from scormpack.text import plain_text, slugify  # noqa: E402

REPEAT = 50


def _same_key(found: str, expected: str) -> bool:
    return found == expected or found.startswith(expected + "-") or expected.startswith(found + "-")


_STOPWORDS = frozenset(
    [
        "le",
        "la",
        "les",
        "l",
        "de",
        "du",
        "des",
        "d",
        "a",
        "au",
        "aux",
        "et",
        "en",
        "un",
        "une",
        "son",
        "sa",
        "ses",
        "leur",
        "leurs",
        "eux",
        "meme",
        "memes",
    ]
)


def _words(label: str) -> frozenset[str]:
    """The significant words of a label, accents folded and plurals reduced (« Les médecins » → medecin)."""
    words = slugify(label).split("-")
    return frozenset(w[:-1] if len(w) > 3 and w[-1] in "sx" else w for w in words if w and w not in _STOPWORDS)


def _names(label: str) -> list[frozenset[str]]:
    """A label's ways of naming its actor: « DSI (Direction des systèmes d'information) » gives both."""
    head, _, rest = label.partition("(")
    return [n for n in (_words(head), _words(rest.rstrip(") "))) if n]


def _same_actor(found, expected: dict) -> bool:
    """Same key base, or a name of one contains a name of the other (« Les médecins » ~ « médecin de l'EN »)."""
    if _same_key(found.key, expected["key"]):
        return True
    mine = [*_names(found.actor), _words(found.key)]
    theirs = [*_names(expected.get("actor", expected["key"])), _words(expected["key"])]
    return any(a <= b or b <= a for a in mine for b in theirs if a and b)


def _match(found: list, expected: list[dict]) -> tuple[int, list, list[dict]]:
    """One-to-one matching in text order: (matches, found pairs left over, expected pairs missed)."""
    left = list(found)
    missed = []
    for want in expected:
        hit = next((f for f in left if _same_actor(f, want)), None)
        if hit is None:
            missed.append(want)
        else:
            left.remove(hit)
    return len(expected) - len(missed), left, missed


def _prf(tp: int, found: int, expected: int) -> tuple[float, float]:
    return (tp / found if found else 1.0), (tp / expected if expected else 1.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--skip", action="append", default=[], metavar="FOLDER",
        help="leave out the texts of tests/corpus/FOLDER without reading them (a test set kept blind)",
    )
    args = parser.parse_args()
    rows = []
    corpus = ROOT / "tests" / "corpus"
    for expected_path in sorted(corpus.rglob("*.expected.yaml")):
        if expected_path.parent != corpus and expected_path.parent.name in args.skip:
            continue
        expected = yaml.safe_load(expected_path.read_text(encoding="utf-8"))
        source = expected_path.parent / expected.get("source", expected_path.name.replace(".expected.yaml", ".md"))
        resource = read_resource(source.resolve())
        paragraphs = [plain_text(p) for p in resource.transcript]
        description = plain_text(resource.description)  # as `scormpack.quiz.derive_quiz` passes it
        words = sum(len(p.split()) for p in paragraphs)
        start = time.process_time()
        for _ in range(REPEAT):
            found = extract_pairs(paragraphs, description)
        elapsed = (time.process_time() - start) / REPEAT
        want = [p["key"] for p in expected["pairs"]]
        got = [p.key for p in found]
        strict_tp = len(set(want) & set(got))
        tp, extra_pairs, missed_pairs = _match(found, expected["pairs"])
        if expected_path.parent != corpus:
            group = expected_path.parent.name  # heldout/: blind, then used for tuning; blind/: never
        elif expected.get("held_out"):
            group = "held-out"
        else:
            group = "seed" if "source" in expected else "first"
        rows.append(
            (
                source.stem,
                group,
                tp,
                len(got),
                len(want),
                elapsed,
                words,
                {f"{f.key} ({f.actor})" for f in extra_pairs},
                {w["key"] for w in missed_pairs},
                strict_tp,
            )
        )

    print(f"{'resource':<58} {'group':<8} {'P':>5} {'R':>5} {'ms':>6} {'words':>5}")
    for name, group, tp, nfound, nwant, elapsed, words, extra, missing, _ in rows:
        precision, recall = _prf(tp, nfound, nwant)
        print(f"{name:<58} {group:<8} {precision:5.2f} {recall:5.2f} {elapsed * 1000:6.2f} {words:5d}")
        if extra:
            print(f"    unexpected: {', '.join(sorted(extra))}")
        if missing:
            print(f"    missed:     {', '.join(sorted(missing))}")

    def summary(label: str, selected: list) -> None:
        tp = sum(r[2] for r in selected)
        strict = sum(r[9] for r in selected)
        nfound, nwant = sum(r[3] for r in selected), sum(r[4] for r in selected)
        precision, recall = _prf(tp, nfound, nwant)
        strict_p, strict_r = _prf(strict, nfound, nwant)
        mean_ms = sum(r[5] for r in selected) / len(selected) * 1000 if selected else 0.0
        print(
            f"{label:<22} precision {precision:.2f} recall {recall:.2f} (exact keys: {strict_p:.2f} / "
            f"{strict_r:.2f})  mean {mean_ms:.2f} ms CPU/resource ({len(selected)} resources)"
        )

    print()
    summary("seed + first texts", [r for r in rows if r[1] in {"seed", "first"}])
    summary("held-out texts", [r for r in rows if r[1] == "held-out"])
    summary("blind: heldout/", [r for r in rows if r[1] == "heldout"])
    for group in sorted({r[1] for r in rows} - {"seed", "first", "held-out", "heldout"}):
        summary(f"blind: {group}/", [r for r in rows if r[1] == group])
    summary("overall", rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
