"""A reviewed <stem>.quiz.yaml overrides the derivation, and is checked with file and line."""

from __future__ import annotations

import json
import os
import stat
import zipfile

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html
from support import seed_text

from scormpack.cli import cli
from scormpack.errors import SourceError
from scormpack.preview.review import edited_quiz, save_quiz
from scormpack.quiz import quiz_path, read_quiz_file
from scormpack.reader import read_resource

REVIEWED = """\
# relu par l'équipe
pairs:
  - id: dir
    actor: Le directeur d'école
    role: Organise le service des enseignants et préside le conseil d'école.
  - actor: L'ATSEM
    role: Assiste l'enseignant de maternelle pour l'hygiène et l'accueil des élèves.
  - actor: Le maire
    role: Décide des travaux et de l'équipement des écoles de la commune.
"""


def test_reviewed_file_is_read_with_ids(tmp_path):
    path = tmp_path / "r.quiz.yaml"
    path.write_text(REVIEWED, encoding="utf-8")
    quiz = read_quiz_file(path)
    assert quiz.origin == "file"
    assert [p.id for p in quiz.pairs] == ["dir", "l-atsem", "le-maire"]
    assert quiz.pairs[1].actor == "L'ATSEM"
    assert quiz.playable


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pairs:\n  - actor: A\n", ":2: pairs[1].role: missing"),
        ("pairs:\n  - actor: A\n    role: ''\n", ":3: pairs[1].role: must be a non-empty text"),
        ("pairs:\n  - actor: A\n    role: B\n    note: x\n", ":4: pairs[1].note: unknown key"),
        ("pairs:\n  - actor: A\n    role: B\n  - actor: a\n    role: C\n", ":4: pairs[2].actor: same actor as line 2"),
        ("pairs:\n  - id: Été\n    actor: A\n    role: B\n", ":2: pairs[1].id: must be lower-case ASCII"),
        ("pairs: [unclosed\n", "invalid YAML"),
        ("paires: []\n", ":1: paires: unknown key"),
        ("pairs: 3\n", ":1: pairs: must be a list"),
    ],
)
def test_bad_quiz_files_name_file_and_line(tmp_path, text, expected):
    path = tmp_path / "r.quiz.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        read_quiz_file(path)
    assert str(caught.value).startswith(str(path))
    assert expected in str(caught.value)


def test_build_uses_the_reviewed_file(tmp_path, write_resource):
    source = write_resource(seed_text())
    source.with_name("ressource.quiz.yaml").write_text(REVIEWED, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(source), "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "3-pair quiz" in result.output
    page = zipfile.ZipFile(out / "ressource.zip").read("index.html").decode()
    tree = lxml_html.fromstring(page)
    labels = [" ".join(label.text_content().split()) for label in tree.xpath("//form[@id='quiz']//label")]
    assert sorted(labels) == sorted(
        [
            "Organise le service des enseignants et préside le conseil d'école.",
            "Assiste l'enseignant de maternelle pour l'hygiène et l'accueil des élèves.",
            "Décide des travaux et de l'équipement des écoles de la commune.",
        ]
    )
    data = json.loads(tree.xpath("//script[@id='quiz-data']")[0].text)
    assert sorted(i["id"] for i in data["items"]) == ["dir", "l-atsem", "le-maire"]
    # every answer is one of the options, and each option answers exactly one role
    options = tree.xpath("(//form[@id='quiz']//select)[1]/option/@value")
    assert sorted(i["answer"] for i in data["items"]) == sorted(o for o in options if o)


def test_a_broken_quiz_file_fails_that_resource_only(tmp_path, write_resource):
    source = write_resource(seed_text())
    other = write_resource(seed_text(), "autre.md")
    source.with_name("ressource.quiz.yaml").write_text("pairs:\n  - actor: A\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(source.parent), "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 1
    assert "ressource.quiz.yaml:2: pairs[1].role: missing" in result.output
    assert (out / "autre.zip").exists() and not (out / "ressource.zip").exists()
    assert other.exists()


def test_quiz_command_writes_then_build_reads(tmp_path, write_resource):
    source = write_resource(seed_text())
    runner = CliRunner()
    result = runner.invoke(cli, ["quiz", str(source), "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0
    document = json.loads(result.stdout.strip().splitlines()[0])
    assert document["resource"] == "ressource"
    assert set(document) == {"resource", "pairs", "left_out"}
    assert all(set(p) == {"id", "actor", "role", "confidence", "evidence"} for p in document["pairs"])

    result = runner.invoke(cli, ["quiz", str(source), "--write"], catch_exceptions=False)
    assert result.exit_code == 0
    written = source.with_name("ressource.quiz.yaml")
    reviewed = read_quiz_file(written)
    assert [(p.actor, p.role) for p in reviewed.pairs] == [(p["actor"], p["role"]) for p in document["pairs"]]
    # a second --write refuses to overwrite the team's review
    again = runner.invoke(cli, ["quiz", str(source), "--write"], catch_exceptions=False)
    assert again.exit_code == 1 and "exists" in again.output
    assert seed_text() == source.read_text(encoding="utf-8")  # front matter untouched


def test_quiz_write_gives_the_umasks_mode_and_force_keeps_the_files_mode(tmp_path, write_resource):
    source = write_resource(seed_text())
    written = source.with_name("ressource.quiz.yaml")
    runner = CliRunner()
    previous = os.umask(0o002)
    try:
        assert runner.invoke(cli, ["quiz", str(source), "--write"], catch_exceptions=False).exit_code == 0
        assert stat.S_IMODE(written.stat().st_mode) == 0o664
        written.chmod(0o640)
        assert runner.invoke(cli, ["quiz", str(source), "--write", "--force"], catch_exceptions=False).exit_code == 0
        assert stat.S_IMODE(written.stat().st_mode) == 0o640
    finally:
        os.umask(previous)
    assert sorted(p.name for p in source.parent.iterdir()) == ["ressource.md", "ressource.quiz.yaml"]


NO_QUIZ_FILES = [
    # (text, line of `pairs:`, what the warning counts)
    ("pairs:\n", 1, "no pair"),
    ("pairs: []\n", 1, "no pair"),
    # What is left when every pair was deleted from a file `quiz --write` wrote: comments only.
    ("# relu\n# Keep each `id` stable.\npairs:\n  # left out: x\n  # - id: a\n  #   actor: A\n", 3, "no pair"),
    ("pairs:\n  - actor: A\n    role: B\n  - actor: C\n    role: D\n", 1, "2 pair(s), at least 3 needed"),
]


@pytest.mark.parametrize(("text", "line", "count"), NO_QUIZ_FILES)
def test_a_reviewed_file_without_enough_pairs_warns_with_file_and_line(tmp_path, text, line, count):
    # Whether the author meant it or deleted one pair too many, the lesson loses its quiz and every
    # viewer is graded 100: the warning says so, in every form an empty list can take.
    path = tmp_path / "r.quiz.yaml"
    path.write_text(text, encoding="utf-8")
    quiz = read_quiz_file(path)
    assert not quiz.playable
    assert len(quiz.warnings) == 1
    warning = quiz.warnings[0]
    assert warning.startswith(f"r.quiz.yaml:{line}: pairs: {count}")
    assert "no quiz" in warning and "score of 100" in warning
    assert "delete the file" in warning


def test_build_with_an_empty_reviewed_file_warns_and_still_builds(tmp_path, write_resource):
    source = write_resource(seed_text())
    source.with_name("ressource.quiz.yaml").write_text("pairs: []\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(source), "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 1, result.output
    assert f"{source}: quiz: ressource.quiz.yaml:1: pairs: no pair" in warnings[0]
    assert "no quiz" in result.output
    page = zipfile.ZipFile(out / "ressource.zip").read("index.html").decode()
    assert 'id="quiz"' not in page
    # A later run that rebuilds nothing tells it again.
    again = CliRunner().invoke(cli, ["build", str(source), "-o", str(out)], catch_exceptions=False)
    assert "unchanged" in again.output and warnings[0] in again.output


def test_the_preview_warns_when_every_pair_is_deleted(write_resource):
    source = write_resource(seed_text())
    resource = read_resource(source)
    quiz = edited_quiz({"pairs": []}, {}, [])
    _, warnings = save_quiz(resource, quiz)
    assert len(warnings) == 1
    assert warnings[0].startswith("ressource.quiz.yaml:") and "no quiz" in warnings[0]
    assert read_quiz_file(quiz_path(source)).pairs == ()
