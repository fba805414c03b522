"""The preview's watcher: sources, reviewed quizzes and the settings trigger a rebuild; its own output does not."""

from __future__ import annotations

import queue

from scormpack.preview.watch import Watcher, relevant, watched_roots

WAIT = 20  # seconds at most for a change to be reported (a loaded machine); never a speed check


def test_relevant_files(tmp_path):
    ignored = tmp_path / ".scormpack-preview"
    assert relevant(str(tmp_path / "a.md"), ignored)
    assert relevant(str(tmp_path / "a.quiz.yaml"), ignored)
    assert relevant(str(tmp_path / "scormpack.toml"), ignored)
    assert not relevant(str(tmp_path / "a.md~"), ignored)
    assert not relevant(str(tmp_path / ".preview-x.tmp"), ignored)
    assert not relevant(str(ignored / "scorm12" / "x.md"), ignored)


def test_roots_nest(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "x.md").write_text("", encoding="utf-8")
    roots = watched_roots([tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "x.md"])
    assert roots == [(tmp_path / "a").resolve()]


def test_changes_are_reported_in_batches(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    settings = tmp_path / "scormpack.toml"
    settings.write_text("mastery_score = 80\n", encoding="utf-8")
    reported: queue.Queue[set[str]] = queue.Queue()
    watcher = Watcher([sources.resolve()], settings, tmp_path / ".scormpack-preview", reported.put)
    watcher.start()
    try:
        assert watcher.ready.wait(WAIT)
        (sources / "r.md").write_text("---\n", encoding="utf-8")
        (sources / "notes.txt").write_text("x", encoding="utf-8")
        first = reported.get(timeout=WAIT)
        assert {p.rsplit("/", 1)[-1] for p in first} == {"r.md"}
        settings.write_text("mastery_score = 70\n", encoding="utf-8")
        assert str(settings) in reported.get(timeout=WAIT)
    finally:
        watcher.stop()
    assert not watcher._thread.is_alive()
