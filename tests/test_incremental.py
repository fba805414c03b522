"""Incremental builds: each kind of input change rebuilds its packages; no change rebuilds nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import ROOT, SEED, replace_field

import scormpack
import scormpack.build as build_module
from scormpack import data, incremental, render
from scormpack.build import build
from scormpack.cli import cli
from scormpack.config import Settings
from scormpack.incremental import STATE_NAME, State, quiz_file
from scormpack.quiz import quiz_path

CORPUS = ROOT / "tests" / "corpus"

QUIZ = """pairs:
  - actor: eRUN
    role: Forme les enseignants.
  - actor: DSI
    role: Assure le support technique.
  - actor: DRAN
    role: Propose la stratégie académique.
"""


@pytest.fixture
def sources(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "sources"
    folder.mkdir()
    first = folder / "premiere.md"
    second = folder / "seconde.md"
    shutil.copyfile(SEED, first)
    shutil.copyfile(CORPUS / "ecole-inclusive-acteurs.md", second)
    return [first, second]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(output_dir=tmp_path / "dist")


def _stamp(settings: Settings) -> dict[str, tuple[int, int]]:
    """Inode and mtime of every package: a rewrite (atomic rename) changes the inode."""
    return {
        p.name: (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in settings.output_dir.iterdir()
        if not p.name.startswith(".")
    }


def _built(results) -> list[str]:
    return sorted(p.name for r in results for p in r.outputs)


def _unchanged(results) -> list[str]:
    return sorted(p.name for r in results for p in r.unchanged)


def test_no_change_does_no_packaging_at_all(sources, settings, monkeypatch):
    first = build(sources, settings, jobs=1)
    assert _built(first) == ["premiere.zip", "seconde.zip"]
    before = _stamp(settings)

    def fail(*args, **kwargs):
        raise AssertionError("a package was built although nothing changed")

    monkeypatch.setattr(build_module, "build_one", fail)
    again = build(sources, settings, jobs=2)
    assert all(r.ok for r in again)
    assert _built(again) == []
    assert _unchanged(again) == ["premiere.zip", "seconde.zip"]
    # The build's own report (quiz size, warnings) is replayed for unchanged packages.
    assert [(r.quiz_pairs, r.warnings) for r in again] == [(r.quiz_pairs, r.warnings) for r in first]
    assert _stamp(settings) == before


def test_source_edit_rebuilds_that_package_only(sources, settings):
    build(sources, settings, jobs=1)
    before = _stamp(settings)
    sources[0].write_text(sources[0].read_text(encoding="utf-8").replace("Domaine 1", "Domaine 2"), encoding="utf-8")
    results = build(sources, settings, jobs=1)
    assert _built(results) == ["premiere.zip"]
    assert _unchanged(results) == ["seconde.zip"]
    assert _stamp(settings)["seconde.zip"] == before["seconde.zip"]
    assert _stamp(settings)["premiere.zip"] != before["premiere.zip"]


def test_touching_a_source_without_changing_it_rebuilds_nothing(sources, settings):
    build(sources, settings, jobs=1)
    sources[0].write_bytes(sources[0].read_bytes())  # new mtime, same bytes
    assert _built(build(sources, settings, jobs=1)) == []


def test_quiz_file_added_then_edited_rebuilds(sources, settings):
    assert quiz_file(sources[0]) == quiz_path(sources[0])  # the two stay in step
    build(sources, settings, jobs=1)
    quiz_file(sources[0]).write_text(QUIZ, encoding="utf-8")
    results = build(sources, settings, jobs=1)
    assert _built(results) == ["premiere.zip"]
    assert results[0].quiz_pairs == 3
    quiz_file(sources[0]).write_text(QUIZ.replace("Forme les", "Accompagne les"), encoding="utf-8")
    assert _built(build(sources, settings, jobs=1)) == ["premiere.zip"]
    quiz_file(sources[0]).unlink()
    assert _built(build(sources, settings, jobs=1)) == ["premiere.zip"]


def test_setting_change_rebuilds_all(sources, settings):
    from dataclasses import replace

    build(sources, settings, jobs=1)
    results = build(sources, replace(settings, mastery_score=60), jobs=1)
    assert _built(results) == ["premiere.zip", "seconde.zip"]
    # The folder a package is written to is not part of what it is built from.
    assert _built(build(sources, replace(settings, mastery_score=60, origin=Path("x.toml")), jobs=1)) == []


@pytest.fixture
def template_copy(tmp_path, monkeypatch) -> Path:
    """Templates served from a temporary copy, with the renderer's caches emptied around the test."""
    copy = tmp_path / "templates"
    shutil.copytree(data.templates_dir(), copy)
    real = data.data_dir

    def data_dir(name: str) -> Path:
        return copy if name == "templates" else real(name)

    caches = (render.environment, render.ui_strings, render.asset_bytes)
    for cached in caches:
        cached.cache_clear()
    monkeypatch.setattr(data, "data_dir", data_dir)
    yield copy
    for cached in caches:
        cached.cache_clear()


def test_template_change_rebuilds_all(sources, settings, template_copy):
    build(sources, settings, jobs=1)
    assert _built(build(sources, settings, jobs=1)) == []
    css = template_copy / "lesson" / "assets" / "lesson.css"
    css.write_bytes(css.read_bytes() + b"\n/* changed */\n")
    render.asset_bytes.cache_clear()
    assert _built(build(sources, settings, jobs=1)) == ["premiere.zip", "seconde.zip"]


def test_tool_version_change_rebuilds_all(sources, settings, monkeypatch):
    build(sources, settings, jobs=1)
    monkeypatch.setattr(scormpack, "__version__", "99.0.0")
    assert _built(build(sources, settings, jobs=1)) == ["premiere.zip", "seconde.zip"]
    assert _built(build(sources, settings, jobs=1)) == []


def test_force_rebuilds_all(sources, settings):
    build(sources, settings, jobs=1)
    results = build(sources, settings, jobs=1, force=True)
    assert _built(results) == ["premiere.zip", "seconde.zip"]
    assert _unchanged(results) == []


def test_deleted_or_altered_output_is_rebuilt(sources, settings):
    build(sources, settings, jobs=1)
    (settings.output_dir / "premiere.zip").unlink()
    with (settings.output_dir / "seconde.zip").open("ab") as handle:
        handle.write(b"junk")
    assert _built(build(sources, settings, jobs=1)) == ["premiere.zip", "seconde.zip"]


def test_a_failed_resource_leaves_no_claim(sources, settings):
    original = sources[0].read_text(encoding="utf-8")
    build(sources, settings, jobs=1)
    sources[0].write_text(replace_field(original, "videoEmbedSrc", "videoEmbedSrc: https://example.com/x"), encoding="utf-8")
    results = build(sources, settings, jobs=1)
    assert not results[0].ok
    state = State.load(settings.output_dir)
    assert list(state.entries) == [incremental.entry_id("seconde", "scorm12")]
    # Back to the bytes of the last good build: the package on disk is that build's, but the
    # claim is gone, so it is rebuilt rather than trusted.
    sources[0].write_text(original, encoding="utf-8")
    assert _built(build(sources, settings, jobs=1)) == ["premiere.zip"]


def test_an_unreadable_state_means_a_full_rebuild(sources, settings):
    build(sources, settings, jobs=1)
    (settings.output_dir / STATE_NAME).write_text("{not json", encoding="utf-8")
    assert _built(build(sources, settings, jobs=1)) == ["premiere.zip", "seconde.zip"]
    saved = json.loads((settings.output_dir / STATE_NAME).read_text(encoding="utf-8"))
    assert sorted(saved["packages"]) == ["premiere/scorm12", "seconde/scorm12"]


def test_adding_a_format_builds_only_the_new_packages(sources, settings):
    from dataclasses import replace

    from scormpack.exporters import EXPORTERS

    others = [name for name in EXPORTERS if name != "scorm12"]
    if not others:
        pytest.skip("only one format has an exporter")
    build(sources, settings, jobs=1)
    results = build(sources, replace(settings, formats=("scorm12", others[0])), jobs=1)
    assert _unchanged(results) == ["premiere.zip", "seconde.zip"]
    suffix = EXPORTERS[others[0]].suffix
    assert _built(results) == ["premiere" + suffix, "seconde" + suffix]


def test_cli_reports_unchanged_and_force(sources, tmp_path):
    runner = CliRunner()
    out = tmp_path / "cli"
    args = ["build", str(sources[0].parent), "-o", str(out), "--jobs", "1"]
    first = runner.invoke(cli, args, catch_exceptions=False)
    assert first.exit_code == 0 and "2 built, 0 failed" in first.output
    again = runner.invoke(cli, args, catch_exceptions=False)
    assert again.exit_code == 0
    assert f"unchanged {out / 'premiere.zip'}" in again.output
    assert "0 built, 2 unchanged, 0 failed" in again.output
    forced = runner.invoke(cli, [*args, "--force"], catch_exceptions=False)
    assert forced.exit_code == 0 and "2 built, 0 failed" in forced.output
