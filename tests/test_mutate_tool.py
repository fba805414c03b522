"""tools/mutate.py keeps its promise to fail loudly when its list of mutants no longer matches the code.

(The mutants themselves are not run here: that takes minutes, and is kept out of CI.)"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest
from support import ROOT

_spec = importlib.util.spec_from_file_location("mutate", ROOT / "tools" / "mutate.py")
mutate = importlib.util.module_from_spec(_spec)
sys.modules["mutate"] = mutate  # its dataclasses look their module up while being defined
_spec.loader.exec_module(mutate)

CATALOGUE = """
[[mutant]]
id = "guard"
area = "render"
file = "pkg/code.py"
find = "if ok:"
replace = "if True:"
tests = ["tests/test_code.py"]
bug = "the guard is gone"

[[mutant]]
id = "twice"
area = "quiz"
file = "pkg/code.py"
find = "return x"
replace = "return None"
tests = ["tests/test_code.py"]
bug = "returns nothing"
equivalent = "not really"
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "code.py").write_text("def f(x, ok):\n    if ok:\n        return x\n    return x\n")
    (tmp_path / "mutants.toml").write_text(CATALOGUE, encoding="utf-8")
    return tmp_path


def test_a_snippet_no_longer_in_its_file_names_the_mutant(project: Path) -> None:
    mutants = mutate.load_catalogue(project / "mutants.toml")
    (project / "pkg" / "code.py").write_text("def f(x, ok):\n    return x if ok else None\n")
    with pytest.raises(mutate.CatalogueError) as caught:
        mutate.check_snippets(mutants[:1], project)
    assert str(caught.value) == "mutant guard: snippet not found in pkg/code.py, update the list"


def test_a_snippet_found_twice_must_be_made_unique(project: Path) -> None:
    mutants = mutate.load_catalogue(project / "mutants.toml")
    mutate.check_snippets(mutants[:1], project)  # once: fine
    with pytest.raises(mutate.CatalogueError, match=re.escape("mutant twice: snippet found 2 times in pkg/code.py")):
        mutate.check_snippets(mutants, project)


def test_only_selects_areas_and_ids_and_refuses_unknown_ones(project: Path) -> None:
    mutants = mutate.load_catalogue(project / "mutants.toml")
    assert [m.id for m in mutate.select(mutants, ["quiz"])] == ["twice"]
    assert [m.id for m in mutate.select(mutants, ["guard", "quiz"])] == ["guard", "twice"]
    assert [m.id for m in mutate.select(mutants, [])] == ["guard", "twice"]
    with pytest.raises(mutate.CatalogueError, match="--only templates: no such area or mutant"):
        mutate.select(mutants, ["templates"])


def test_apply_then_revert_restores_the_file(project: Path) -> None:
    (guard, _) = mutate.load_catalogue(project / "mutants.toml")
    before = (project / "pkg" / "code.py").read_text()
    original = mutate.apply(project, guard)
    assert "if True:" in (project / "pkg" / "code.py").read_text()
    mutate.revert(project, guard, original)
    assert (project / "pkg" / "code.py").read_text() == before


def test_the_command_exits_2_when_the_list_is_out_of_date(project: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(mutate, "CATALOGUE", project / "mutants.toml")
    monkeypatch.setattr(mutate, "ROOT", project)
    (project / "pkg" / "code.py").write_text("nothing here\n")
    assert mutate.main(["--list"]) == 2
    assert "mutant guard: snippet not found in pkg/code.py, update the list" in capsys.readouterr().err


def test_a_test_id_that_no_longer_exists_is_not_counted_as_a_kill(project: Path) -> None:
    (project / "tests").mkdir()
    (project / "tests" / "test_code.py").write_text("def test_kept():\n    assert True\n")
    (guard, _) = mutate.load_catalogue(project / "mutants.toml")
    renamed = mutate.Mutant(**{**guard.__dict__, "tests": ("tests/test_code.py::test_renamed_since",)})
    with pytest.raises(mutate.CatalogueError, match="mutant guard: pytest cannot find its tests"):
        mutate.run_mutant(project, renamed)
    assert (project / "pkg" / "code.py").read_text().count("if ok:") == 1  # reverted all the same
