"""A reviewed quiz file is refused, with file and line, when the LMS could not record it as written."""

from __future__ import annotations

import pytest

from scormpack.errors import SourceError
from scormpack.model import MAX_PAIRS
from scormpack.quiz import read_quiz_file


def _pairs(count: int) -> str:
    return "pairs:\n" + "".join(f"  - actor: Acteur {n}\n    role: Rôle {n}.\n" for n in range(count))


def _error(tmp_path, text: str) -> str:
    path = tmp_path / "r.quiz.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        read_quiz_file(path)
    return str(caught.value)


def test_more_pairs_than_option_letters_is_refused(tmp_path):
    path = tmp_path / "ok.quiz.yaml"
    path.write_text(_pairs(MAX_PAIRS), encoding="utf-8")
    assert len(read_quiz_file(path).pairs) == MAX_PAIRS
    assert f":1: pairs: at most {MAX_PAIRS} pairs" in _error(tmp_path, _pairs(MAX_PAIRS + 1))


def test_two_pairs_with_one_id_are_refused(tmp_path):
    text = "pairs:\n  - id: meme\n    actor: A\n    role: R1.\n  - id: meme\n    actor: B\n    role: R2.\n"
    assert ":5: pairs[2].id: duplicate id 'meme' (first at line 2)" in _error(tmp_path, text)
