"""How good the derived quizzes are: per group of texts, actor precision and recall, the share of
acceptable role statements (it contains one of the expected `role_keywords`, accents and case folded,
and names no other actor of the text), the mean per-resource score (actor F1 × acceptable share),
`mentioned_only` items found as actors, `no_quiz: true` texts that still get a quiz, and the CPU time
of the derivation. What is judged is what the package gets: the pairs over the default confidence
threshold, none when fewer than 3 remain.

Runs over tests/corpus/**/*.expected.yaml (each names its transcript: the .md beside it, or `source:`
for the seed read from seeds/). Texts marked `held_out: true` were written after the extractor
passed the others; texts in sub-folders were written blind, by someone who never saw the
extractor's code, one folder at a time: each was measured once as it came, then (but the newest)
used to improve the extractor. `--skip FOLDER` keeps a folder out without reading it, `--only FOLDER`
measures one folder. Each group is reported apart. Run from the repository root:

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

from scormpack.model import QuizPair  # noqa: E402
from scormpack.quiz import derive_candidates, select_pairs, unique_ids  # noqa: E402
from scormpack.reader import read_resource  # noqa: E402
from scormpack.text import slugify  # noqa: E402

REPEAT = 10


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


# Feminine endings of nouns of function and their adjectives, and the masculine they fold to: « la
# professeure documentaliste » is the « professeur documentaliste » an expected file names.
_FEMININE_ENDINGS = (("trice", "teur"), ("euse", "eur"), ("eure", "eur"), ("ienne", "ien"), ("ere", "er"),
                     ("ante", "ant"), ("ente", "ent"), ("ale", "al"), ("ee", "e"))


def _masculine(word: str) -> str:
    for ending, masculine in _FEMININE_ENDINGS:
        if len(word) > len(ending) + 2 and word.endswith(ending):
            return word[: -len(ending)] + masculine
    return word


def _words(label: str) -> frozenset[str]:
    """The significant words of a label, accents folded, plurals reduced and feminines folded to the
    masculine (« Les médecins » → medecin, « conseillère » → conseiller)."""
    words = slugify(label).split("-")
    return frozenset(
        _masculine(w[:-1] if len(w) > 3 and w[-1] in "sx" else w) for w in words if w and w not in _STOPWORDS
    )


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


def _fold(text: str) -> str:
    return " ".join(slugify(text).split("-"))


def _mentions(role: str, label: str) -> bool:
    """Whether a role statement names the actor of `label`: its acronym, or every significant word of
    one of its names (« Préside le conseil d'école » names « le conseil d'école »)."""
    role_words = _words(role)
    return any(name and name <= role_words for name in _names(label))


def acceptable(role: str, want: dict, others: list[dict]) -> bool | None:
    """A derived role is acceptable when it contains one of the expected `role_keywords` (accents and
    case folded) and names no other actor of the text; None when the text gives no keywords."""
    keywords = want.get("role_keywords")
    if not keywords:
        return None
    folded = f" {_fold(role)} "
    if not any(f" {_fold(k)} " in folded or _fold(k) in folded for k in keywords):
        return False
    return not any(_mentions(role, other.get("actor", other["key"])) for other in others if other is not want)


def _is_named(found, item: str) -> bool:
    """Whether a found actor is the thing `item` names (a `mentioned_only` entry)."""
    wanted = _words(item)
    return any(name == wanted for name in [*_names(found.actor), _words(found.key)])


class _Found:
    """A packaged pair as the matching reads it (`key` is the pair's id)."""

    def __init__(self, pair) -> None:
        self.key, self.actor, self.role = pair.id, pair.actor, pair.role


def measure(expected_path: Path, repeat: int) -> dict:
    expected = yaml.safe_load(expected_path.read_text(encoding="utf-8"))
    source = expected_path.parent / expected.get("source", expected_path.name.replace(".expected.yaml", ".md"))
    resource = read_resource(source.resolve())
    words = sum(len(p.split()) for p in resource.transcript_text)
    start = time.process_time()
    for _ in range(repeat):
        candidates = derive_candidates(resource)
    elapsed = (time.process_time() - start) / repeat
    quiz = select_pairs(resource, candidates)  # what the package gets, at the default threshold
    found = [_Found(p) for p in quiz.pairs]
    if expected.get("no_quiz") and not quiz.playable:
        # Rightly no quiz: the actors are judged on what the derivation found (the left-out pairs of a
        # text with too few actors), the missing quiz on `no_quiz_violated`.
        kept = [c for c in candidates if not c["reason"]]
        ids = unique_ids([c["key"] for c in kept])
        found = [_Found(QuizPair(i, c["actor"], c["role"])) for i, c in zip(ids, kept, strict=True)]
    want = expected.get("pairs") or []
    tp, extra_pairs, missed_pairs = _match(found, want)
    # Roles of the matched pairs, judged against the expected pair they matched.
    left = list(found)
    judged = []
    for item in want:
        hit = next((f for f in left if _same_actor(f, item)), None)
        if hit is not None:
            left.remove(hit)
            verdict = acceptable(hit.role, item, want)
            if verdict is not None:
                judged.append((verdict, hit))
    precision, recall = _prf(tp, len(found), len(want))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    if not want:
        f1 = 1.0 if not found else 0.0
    share = sum(v for v, _ in judged) / len(judged) if judged else (1.0 if not want or not found else 0.0)
    mentioned_only = expected.get("mentioned_only") or []
    wrong_mentioned = [f"{item} (as {f.actor})" for item in mentioned_only for f in found if _is_named(f, item)]
    return {
        "name": source.stem,
        "tp": tp,
        "found": len(found),
        "want": len(want),
        "elapsed": elapsed,
        "words": words,
        "extra": {f"{f.key} ({f.actor})" for f in extra_pairs},
        "missed": {w["key"] for w in missed_pairs},
        "acceptable": sum(v for v, _ in judged),
        "judged": len(judged),
        "bad_roles": [f"{f.key}: {f.role}" for v, f in judged if not v],
        "score": f1 * share,
        "mentioned_as_actor": wrong_mentioned,
        "no_quiz_violated": bool(expected.get("no_quiz")) and quiz.playable,
    }


def _group(expected_path: Path, corpus: Path, expected: dict) -> str:
    if expected_path.parent != corpus:
        return expected_path.parent.name
    if expected.get("held_out"):
        return "held-out"
    return "seed" if "source" in expected else "first"


def summary(label: str, rows: list[dict]) -> str:
    tp = sum(r["tp"] for r in rows)
    precision, recall = _prf(tp, sum(r["found"] for r in rows), sum(r["want"] for r in rows))
    judged = sum(r["judged"] for r in rows)
    share = sum(r["acceptable"] for r in rows) / judged if judged else 1.0
    score = sum(r["score"] for r in rows) / len(rows) if rows else 0.0
    mentioned = sum(len(r["mentioned_as_actor"]) for r in rows)
    no_quiz = sum(r["no_quiz_violated"] for r in rows)
    mean_ms = sum(r["elapsed"] for r in rows) / len(rows) * 1000 if rows else 0.0
    return (
        f"{label:<16} P {precision:.2f}  R {recall:.2f}  roles ok {share:.2f}  score {score:.2f}  "
        f"mentioned-as-actor {mentioned}  no_quiz-violated {no_quiz}  {mean_ms:5.2f} ms CPU/resource  "
        f"({len(rows)} texts)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--skip", action="append", default=[], metavar="FOLDER",
        help="leave out the texts of tests/corpus/FOLDER without reading them (a test set kept blind)",
    )
    parser.add_argument(
        "--only", action="append", default=[], metavar="FOLDER",
        help="measure only the texts of tests/corpus/FOLDER (repeat for several)",
    )
    parser.add_argument("--repeat", type=int, default=REPEAT, help=f"derivations timed per text (default {REPEAT})")
    parser.add_argument("-q", "--quiet", action="store_true", help="only the summary per group")
    args = parser.parse_args()
    rows = []
    corpus = ROOT / "tests" / "corpus"
    for expected_path in sorted(corpus.rglob("*.expected.yaml")):
        folder = expected_path.parent.name if expected_path.parent != corpus else ""
        if folder and folder in args.skip:
            continue
        if args.only and folder not in args.only:
            continue
        expected = yaml.safe_load(expected_path.read_text(encoding="utf-8"))
        row = measure(expected_path, max(1, args.repeat))
        row["group"] = _group(expected_path, corpus, expected)
        rows.append(row)

    if not args.quiet:
        print(f"{'resource':<52} {'group':<8} {'P':>5} {'R':>5} {'roles':>5} {'score':>5} {'ms':>6} {'words':>5}")
        for r in rows:
            precision, recall = _prf(r["tp"], r["found"], r["want"])
            roles = f"{r['acceptable']}/{r['judged']}"
            print(
                f"{r['name']:<52} {r['group']:<8} {precision:5.2f} {recall:5.2f} {roles:>5} {r['score']:5.2f} "
                f"{r['elapsed'] * 1000:6.2f} {r['words']:5d}"
            )
            for title, items in (
                ("unexpected", sorted(r["extra"])),
                ("missed", sorted(r["missed"])),
                ("bad role", r["bad_roles"]),
                ("mentioned only, found as actor", r["mentioned_as_actor"]),
            ):
                for item in items:
                    print(f"    {title}: {item}")
            if r["no_quiz_violated"]:
                print("    no_quiz: true, yet a quiz is packaged")
        print()
    order = ["seed", "first", "held-out", "heldout", "blind", "blind2", "blind3"]
    groups = sorted({r["group"] for r in rows}, key=lambda g: (order.index(g) if g in order else len(order), g))
    for group in groups:
        print(summary(group, [r for r in rows if r["group"] == group]))
    print(summary("overall", rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
