"""The one way scormpack replaces a file: whole or not at all, with the mode a plain write would give
(the umask's for a new file, the file's own when it replaces one)."""

from __future__ import annotations

import os
import stat

import pytest

from scormpack.atomic_write import write_atomically


@pytest.fixture
def umask():
    def set_umask(mask: int) -> None:
        os.umask(mask)

    previous = os.umask(0o022)
    yield set_umask
    os.umask(previous)


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_a_new_file_gets_the_umasks_mode(tmp_path, umask, mask, expected):
    umask(mask)
    target = tmp_path / "new" / "x.quiz.yaml"
    write_atomically(target, "pairs: []\n", parents=True)
    assert target.read_text(encoding="utf-8") == "pairs: []\n"
    assert mode(target) == expected


@pytest.mark.parametrize("existing", [0o664, 0o640, 0o600, 0o444])
def test_a_replaced_file_keeps_its_mode(tmp_path, umask, existing):
    umask(0o077)
    target = tmp_path / "x.quiz.yaml"
    target.write_bytes(b"old")
    target.chmod(existing)
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert mode(target) == existing


def test_text_is_written_as_utf8_with_the_newlines_given(tmp_path):
    target = tmp_path / "x.txt"
    write_atomically(target, "« é »\r\nfin\n")
    assert target.read_bytes() == "« é »\r\nfin\n".encode()


def test_a_failed_replace_leaves_the_folder_as_it_was(tmp_path):
    target = tmp_path / "taken"
    target.mkdir()  # a folder where the file should go: the rename fails
    (target / "inside").write_text("kept", encoding="utf-8")
    with pytest.raises(OSError):
        write_atomically(target, b"data")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]
    assert (target / "inside").read_text(encoding="utf-8") == "kept"


def test_through_a_link_the_linked_file_is_replaced_and_the_link_kept(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "x.quiz.yaml").write_text("old", encoding="utf-8")
    (shared / "x.quiz.yaml").chmod(0o664)
    link = tmp_path / "x.quiz.yaml"
    link.symlink_to(shared / "x.quiz.yaml")
    write_atomically(link, "new")
    assert link.is_symlink() and (shared / "x.quiz.yaml").read_text(encoding="utf-8") == "new"
    assert mode(shared / "x.quiz.yaml") == 0o664


def test_a_link_to_nowhere_is_an_error_and_stays(tmp_path):
    link = tmp_path / "x.quiz.yaml"
    link.symlink_to(tmp_path / "missing-folder" / "x.quiz.yaml")
    with pytest.raises(FileNotFoundError):
        write_atomically(link, "new")
    assert link.is_symlink() and sorted(p.name for p in tmp_path.iterdir()) == ["x.quiz.yaml"]


def test_a_missing_folder_is_an_error_unless_asked_for(tmp_path):
    target = tmp_path / "missing" / "r.xml"
    with pytest.raises(FileNotFoundError):
        write_atomically(target, "x")
    assert not (tmp_path / "missing").exists()
    write_atomically(target, "x", parents=True)
    assert target.read_text(encoding="utf-8") == "x"
