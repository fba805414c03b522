"""File watching for the preview: which changes matter, and a thread that rebuilds on them.

watchfiles (Rust `notify` underneath: inotify, FSEvents, ReadDirectoryChangesW) is used rather than
polling: a change is seen in milliseconds without stat-ing every source of a large catalogue twice a
second, bursts (an editor's save-rename-chmod) come as one batch, and `stop_event` ends the watch at
once on Ctrl-C.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from scormpack.config import CONFIG_FILES
from scormpack.quiz import QUIZ_SUFFIX

# How long a burst of changes is gathered before one rebuild (ms).
DEBOUNCE_MS = 150


def relevant(path: str, ignored: Path) -> bool:
    """A source, a reviewed quiz or a settings file; never the preview's own output."""
    candidate = Path(path)
    if candidate.is_relative_to(ignored):
        return False
    name = candidate.name
    return name.endswith((".md", QUIZ_SUFFIX)) or name in CONFIG_FILES


def watched_roots(paths: Iterable[Path], settings_file: Path | None) -> list[Path]:
    """Folders to watch: those of the sources (a file's own folder, so that its .quiz.yaml is seen) and
    of the settings file."""
    roots = {(p if p.is_dir() else p.parent).resolve() for p in paths}
    if settings_file is not None:
        roots.add(settings_file.parent.resolve())
    # A folder inside another is already watched (recursively) with it.
    return sorted(r for r in roots if not any(r != o and r.is_relative_to(o) for o in roots))


class Watcher:
    """Runs `on_change(paths)` on a thread for each batch of relevant changes, until `stop()`."""

    def __init__(self, roots: list[Path], ignored: Path, on_change: Callable[[set[str]], None]) -> None:
        self.roots = roots
        self.ignored = ignored.resolve()
        self.on_change = on_change
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="scormpack-preview-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        from watchfiles import watch

        def keep(_change, path: str) -> bool:
            return relevant(path, self.ignored)

        for changes in watch(
            *self.roots, watch_filter=keep, stop_event=self._stop, debounce=DEBOUNCE_MS, raise_interrupt=False
        ):
            self.on_change({path for _change, path in changes})

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
