"""The parts of a package's key that a development checkout or an old state file exercise."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from support import SEED

import scormpack
from scormpack.build import build
from scormpack.config import Settings
from scormpack.incremental import STATE_NAME, STATE_VERSION


@pytest.fixture
def sources(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "sources"
    folder.mkdir()
    source = folder / "ressource.md"
    shutil.copyfile(SEED, source)
    return [source]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(output_dir=tmp_path / "dist")


def _built(results) -> list[str]:
    return sorted(p.name for r in results for p in r.outputs)


def test_a_code_change_without_a_new_version_rebuilds(sources, settings, tmp_path, monkeypatch):
    # The tool's own source is read from where scormpack is imported: here a copy we can edit.
    code = tmp_path / "code" / "scormpack"
    shutil.copytree(Path(scormpack.__file__).parent, code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(scormpack, "__file__", str(code / "__init__.py"))
    build(sources, settings, jobs=1)
    assert _built(build(sources, settings, jobs=1)) == []
    render = code / "render.py"
    render.write_text(render.read_text(encoding="utf-8") + "\n# a local change\n", encoding="utf-8")
    assert _built(build(sources, settings, jobs=1)) == ["ressource.zip"]
    assert _built(build(sources, settings, jobs=1)) == []


def test_a_state_of_another_layout_is_not_trusted(sources, settings):
    build(sources, settings, jobs=1)
    path = settings.output_dir / STATE_NAME
    state = json.loads(path.read_text(encoding="utf-8"))
    # Same entries and keys, written by a scormpack whose key recipe differs: its keys mean nothing here.
    path.write_text(json.dumps(state | {"version": STATE_VERSION + 1}), encoding="utf-8")
    assert _built(build(sources, settings, jobs=1)) == ["ressource.zip"]
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == STATE_VERSION


def test_an_unchanged_package_reports_the_warnings_of_its_build(sources, settings):
    quiz = sources[0].with_name("ressource.quiz.yaml")
    quiz.write_text("pairs:\n  - actor: A\n    role: R1.\n  - actor: B\n    role: R2.\n", encoding="utf-8")
    (first,) = build(sources, settings, jobs=1)
    assert first.warnings and "at least 3 needed" in first.warnings[0]
    (again,) = build(sources, settings, jobs=1)
    assert _built([again]) == [] and again.warnings == first.warnings
