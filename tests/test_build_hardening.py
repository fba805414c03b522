"""Issue 10, build side: hostile sources, sidecars, settings and environments give one clear line each.

Each test names the item of the issue it covers.
"""

from __future__ import annotations

import pytest
from support import replace_field, seed_text

from scormpack.errors import SourceError
from scormpack.quiz import read_quiz_file
from scormpack.reader import read_resource

EMBED = "https://tube.reseau-canope.fr/videos/embed/f87f764b-5b4e-4219-a731-4e74cda01f25"


def _error(call) -> SourceError:
    with pytest.raises(SourceError) as caught:
        call()
    message = str(caught.value)
    assert "\n" not in message
    return caught.value


# --- item 10: duplicate keys, merge keys and non-text scalars are errors, with the line --------------


def test_10_duplicate_front_matter_key_is_an_error(write_resource):
    text = replace_field(seed_text(), "videoEmbedSrc", f"videoEmbedSrc: https://evil.example/x\nvideoEmbedSrc: {EMBED}")
    error = _error(lambda: read_resource(write_resource(text)))
    assert (error.line, error.field) == (6, "videoEmbedSrc")
    assert "duplicate key (first at line 5" in error.message


def test_10_merge_key_in_front_matter_is_an_error(write_resource):
    text = replace_field(seed_text(), "area", "<<: {area: Domaine 1}")
    error = _error(lambda: read_resource(write_resource(text)))
    assert (error.line, error.field) == (2, "<<")
    assert "merge key" in error.message


@pytest.mark.parametrize(
    ("text", "line", "field", "expected"),
    [
        ("pairs: []\npairs: []\n", 2, "pairs", "duplicate key (first at line 1"),
        ("pairs:\n  - {actor: A, actor: B, role: R}\n", 2, "pairs[1].actor", "duplicate key (first at line 2"),
        ("pairs:\n  - actor: A\n    role: ~\n", 3, "pairs[1].role", "'~' is read as null"),
        ("pairs:\n  - actor: yes\n    role: R\n", 2, "pairs[1].actor", "'yes' is read as a boolean"),
        ("pairs:\n  - actor: 12\n    role: R\n", 2, "pairs[1].actor", "'12' is read as an integer"),
        ("pairs:\n  - &a {actor: A, role: R}\n  - *a\n", 2, "pairs[2]", "aliases"),
        ("base: &b {role: R}\npairs:\n  - <<: *b\n    actor: A\n", 3, "pairs[1].<<", "merge key"),
    ],
)
def test_10_quiz_file_keys_and_scalars_are_strict(tmp_path, text, line, field, expected):
    path = tmp_path / "r.quiz.yaml"
    path.write_text(text, encoding="utf-8")
    error = _error(lambda: read_quiz_file(path))
    assert (error.path, error.line, error.field) == (path, line, field)
    assert expected in error.message


# --- item 11: sidecar tracebacks ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("pairs:\n  - actor: Le maire\n    role: Décide des travaux\n".encode("latin-1"), "not valid UTF-8"),
        ("pairs:\n  - actor: A\n".encode("utf-16"), "UTF-16"),
    ],
)
def test_11_quiz_file_in_another_encoding(tmp_path, raw, expected):
    path = tmp_path / "r.quiz.yaml"
    path.write_bytes(raw)
    error = _error(lambda: read_quiz_file(path))
    assert error.field == "encoding" and error.line
    assert expected in error.message


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        ("? [a, b]\n: 1\n", 1, "key"),
        ("pairs:\n  - actor: A\n    role: R\n  - ? [a, b]\n    : 1\n", 4, "pairs[2]"),
    ],
)
def test_11_list_used_as_key(tmp_path, text, line, field):
    path = tmp_path / "r.quiz.yaml"
    path.write_text(text, encoding="utf-8")
    error = _error(lambda: read_quiz_file(path))
    assert (error.line, error.field) == (line, field)
    assert "a key must be text" in error.message
    assert "Node" not in str(error)
