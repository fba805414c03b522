"""The review report of a quiz: confidence and evidence per pair, what was left out and why, the
`--write` file with its comments, and the derivation cache beside the incremental state."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import seed_text

from scormpack.cli import cli
from scormpack.config import Settings, load_settings
from scormpack.errors import ConfigError
from scormpack.quiz import quiz_report, read_quiz_file
from scormpack.quiz_cache import CACHE_DIR
from scormpack.reader import read_resource

FRONT = """\
---
area: Domaine 1
title: {title}
description: {description}
videoEmbedSrc: https://tube.reseau-canope.fr/videos/embed/f87f764b-5b4e-4219-a731-4e74cda01f25
---

## Transcription

"""
CREDITS = "\n\n## Crédits\n\n- **Réalisation** : Atelier du Port\n"

# Two actors only: a quiz needs three.
TWO_ACTORS = (
    "Au port de plaisance, deux personnes veillent sur les bateaux.\n\n"
    "Le maître de port attribue les places aux bateaux de passage. Il encaisse aussi les taxes.\n\n"
    "Le surveillant de nuit contrôle les pontons et prévient les secours en cas de besoin.\n"
)


def resource_text(body: str, title: str = "Le port", description: str = "Qui fait quoi au port ?") -> str:
    return FRONT.format(title=title, description=description) + body + CREDITS


def _run(args: list[str]):
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def test_json_has_the_documented_shape_and_lines_point_into_the_source(write_resource):
    source = write_resource(seed_text())
    result = _run(["quiz", str(source), "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert set(document) == {"resource", "pairs", "left_out"}
    assert document["resource"] == "ressource"
    assert len(document["pairs"]) >= 3
    lines = source.read_text(encoding="utf-8").splitlines()
    for pair in document["pairs"]:
        assert set(pair) == {"id", "actor", "role", "confidence", "evidence"}
        assert 0.5 <= pair["confidence"] <= 1
        assert pair["evidence"], pair
        for evidence in pair["evidence"]:
            assert set(evidence) == {"line", "text"}
            # The sentence starts on that line of the .md (its first words, markdown aside).
            first_words = " ".join(evidence["text"].split()[:3])
            source_line = lines[evidence["line"] - 1].replace("*", "")
            assert first_words in " ".join(source_line.split()), (evidence, source_line)
    for left in document["left_out"]:
        assert set(left) == {"actor", "role", "reason"} and left["reason"]


def test_pairs_are_what_the_build_packages(write_resource, tmp_path):
    source = write_resource(seed_text())
    report = quiz_report(read_resource(source), Settings(output_dir=tmp_path / "dist"))
    assert _run(["build", str(source), "-o", str(tmp_path / "dist")]).exit_code == 0
    with zipfile.ZipFile(tmp_path / "dist" / "ressource.zip") as package:
        page = package.read("index.html").decode()
    for pair in report["pairs"]:
        assert f'"{pair["id"]}"' in page or f"'{pair['id']}'" in page or pair["id"] in page


def test_two_actors_give_no_pairs_and_both_left_out(write_resource, tmp_path):
    source = write_resource(resource_text(TWO_ACTORS))
    result = _run(["quiz", str(source), "--format", "json"])
    document = json.loads(result.stdout)
    assert document["pairs"] == []
    left = {item["actor"]: item["reason"] for item in document["left_out"]}
    assert {"Le maître de port", "Le surveillant de nuit"} <= set(left)
    assert all("no quiz" in left[actor] for actor in ("Le maître de port", "Le surveillant de nuit"))
    built = _run(["build", str(source), "-o", str(tmp_path / "dist")])
    assert "no quiz" in built.output


def json_lines(stdout: str) -> list[dict]:
    """JSON Lines: one object per line, each exactly the report of one resource."""
    assert stdout.endswith("\n") or stdout == ""
    documents = [json.loads(line) for line in stdout.splitlines()]
    for document in documents:
        assert isinstance(document, dict) and set(document) == {"resource", "pairs", "left_out"}
    return documents


@pytest.mark.parametrize("count", [1, 2, 3])
def test_json_is_one_object_per_resource_per_line_whatever_their_number(write_resource, count):
    # finding 15: one resource gave an object, two a list: a script could not know which to expect
    names = [f"r{i}.md" for i in range(count)]
    for name in names:
        source = write_resource(seed_text() if name != "r1.md" else resource_text(TWO_ACTORS), name=name)
    for args in ([str(source.parent)], [str(source.parent / n) for n in names]):
        result = _run(["quiz", *args, "--format", "json"])
        assert result.exit_code == 0, result.output
        assert [d["resource"] for d in json_lines(result.stdout)] == [n.removesuffix(".md") for n in names]


def test_a_resource_that_fails_is_an_error_on_stderr_and_the_exit_code(write_resource):
    write_resource(seed_text(), name="bon.md")
    broken = write_resource(seed_text().replace("title:", "titre:", 1), name="casse.md")
    result = _run(["quiz", str(broken.parent), "--format", "json"])
    assert result.exit_code == 1
    assert [d["resource"] for d in json_lines(result.stdout)] == ["bon"]
    assert f"error: {broken}" in result.stderr


def test_json_with_write_refused_prints_no_document(write_resource):
    source = write_resource(seed_text())
    assert _run(["quiz", str(source), "--write"]).exit_code == 0
    again = _run(["quiz", str(source.parent), "--format", "json", "--write"])
    assert again.exit_code == 1 and "exists" in again.stderr
    assert again.stdout == ""  # no "[]": nothing was written, so there is no report to give
    forced = _run(["quiz", str(source.parent), "--format", "json", "--write", "--force"])
    assert forced.exit_code == 0
    assert [d["resource"] for d in json_lines(forced.stdout)] == ["ressource"]


def test_the_threshold_setting_moves_pairs_to_left_out(write_resource, tmp_path):
    source = write_resource(seed_text())
    default = quiz_report(read_resource(source), Settings())
    weakest = min(p["confidence"] for p in default["pairs"])
    strict = quiz_report(read_resource(source), Settings(quiz_min_confidence=min(1.0, weakest + 0.01)))
    strict_actors = {p["actor"] for p in strict["pairs"]}
    dropped = [p for p in default["pairs"] if p["actor"] not in strict_actors]
    assert dropped
    reasons = {item["actor"]: item["reason"] for item in strict["left_out"]}
    for pair in dropped:
        assert pair["actor"] in reasons


@pytest.mark.parametrize("value", ["1.5", "-0.1", '"high"', "true"])
def test_a_bad_threshold_is_a_config_error(tmp_path, value):
    (tmp_path / "scormpack.toml").write_text(f"quiz_min_confidence = {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(tmp_path)
    assert "scormpack.toml:1: quiz_min_confidence: must be a number from 0 to 1" in str(caught.value)


def test_write_comments_evidence_and_reads_back(write_resource):
    source = write_resource(seed_text())
    document = json.loads(_run(["quiz", str(source), "--format", "json"]).stdout)
    assert _run(["quiz", str(source), "--write"]).exit_code == 0
    written = source.with_name("ressource.quiz.yaml")
    text = written.read_text(encoding="utf-8")
    reviewed = read_quiz_file(written)
    assert [(p.id, p.actor, p.role) for p in reviewed.pairs] == [
        (p["id"], p["actor"], p["role"]) for p in document["pairs"]
    ]
    # Each pair is preceded by its confidence and the lines it comes from.
    for pair in document["pairs"]:
        block = text.split(f"  - id: {pair['id']}\n", 1)[0].rsplit("\n  - id:", 1)[-1]
        assert f"# confidence {pair['confidence']:.2f}" in block
        for evidence in pair["evidence"]:
            assert f"# line {evidence['line']}: " in block


def test_left_out_candidates_are_commented_pairs_that_can_be_restored(write_resource):
    source = write_resource(resource_text(TWO_ACTORS))
    assert _run(["quiz", str(source), "--write"]).exit_code == 0
    written = source.with_name("ressource.quiz.yaml")
    assert read_quiz_file(written).pairs == ()  # nothing is in the quiz until a reviewer decides
    text = written.read_text(encoding="utf-8")
    assert "# left out: " in text
    restored = "\n".join(
        line.replace("  # ", "  ", 1) if line.startswith(("  # - ", "  #   ")) else line for line in text.splitlines()
    )
    written.write_text(restored + "\n", encoding="utf-8")
    assert {p.actor for p in read_quiz_file(written).pairs} == {"Le maître de port", "Le surveillant de nuit"}


def test_a_reviewed_pair_has_no_confidence_and_its_yaml_line_as_evidence(write_resource):
    source = write_resource(seed_text())
    source.with_name("ressource.quiz.yaml").write_text(
        "pairs:\n"
        "  - actor: Le maire\n    role: Décide des travaux.\n"
        "  - actor: L'ATSEM\n    role: Aide en maternelle.\n"
        "  - actor: Le directeur\n    role: Préside le conseil d'école.\n",
        encoding="utf-8",
    )
    report = quiz_report(read_resource(source), Settings())
    assert [p["confidence"] for p in report["pairs"]] == [None, None, None]
    assert [p["evidence"][0]["line"] for p in report["pairs"]] == [2, 4, 6]


def _python(code: str, cwd: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], cwd=cwd, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


BUILD_AND_TELL = """
    import sys
    from pathlib import Path
    from scormpack.build import build_one
    from scormpack.config import Settings
    result = build_one(Path({source!r}), Settings(output_dir=Path({out!r}), mastery_score={score}))
    assert result.ok, result.error
    print(result.quiz_pairs, "scormpack.derive" in sys.modules)
"""


def test_a_reviewed_quiz_never_imports_the_derivation(write_resource, tmp_path):
    source = write_resource(seed_text())
    source.with_name("ressource.quiz.yaml").write_text(
        "pairs:\n  - actor: A\n    role: Un.\n  - actor: B\n    role: Deux.\n  - actor: C\n    role: Trois.\n",
        encoding="utf-8",
    )
    out = _python(BUILD_AND_TELL.format(source=str(source), out=str(tmp_path / "dist"), score=80), tmp_path)
    assert out == "3 False"


def test_a_settings_change_rerenders_from_the_cache_without_deriving(write_resource, tmp_path):
    source = write_resource(seed_text())
    dist = tmp_path / "dist"
    first = _python(BUILD_AND_TELL.format(source=str(source), out=str(dist), score=80), tmp_path)
    count, imported = first.split()
    assert int(count) >= 3 and imported == "True"
    assert (dist / CACHE_DIR / "ressource.json").is_file()
    package = (dist / "ressource.zip").read_bytes()
    second = _python(BUILD_AND_TELL.format(source=str(source), out=str(dist), score=60), tmp_path)
    assert second == f"{count} False"
    assert (dist / "ressource.zip").read_bytes() != package  # re-rendered with the new mastery score

    # A changed transcript is derived again.
    source.write_text(seed_text().replace("## Transcription\n", "## Transcription\n\nBonjour à tous.\n"), "utf-8")
    third = _python(BUILD_AND_TELL.format(source=str(source), out=str(dist), score=60), tmp_path)
    assert third.split()[1] == "True"


def test_a_corrupt_cache_entry_is_derived_again(write_resource, tmp_path):
    source = write_resource(seed_text())
    dist = tmp_path / "dist"
    first = _python(BUILD_AND_TELL.format(source=str(source), out=str(dist), score=80), tmp_path)
    (dist / CACHE_DIR / "ressource.json").write_text("{not json", encoding="utf-8")
    again = _python(BUILD_AND_TELL.format(source=str(source), out=str(dist), score=70), tmp_path)
    assert again.split() == [first.split()[0], "True"]
