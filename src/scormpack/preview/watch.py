"""File watching for the preview: which changes matter, and a thread that rebuilds on them.

watchfiles (Rust `notify` underneath: inotify, FSEvents, ReadDirectoryChangesW) watches the sources'
folders rather than polling them: a change is seen in milliseconds without stat-ing every source of
a large catalogue twice a second, a burst (an editor's write-rename-chmod) comes as one batch, and
`stop_event` ends the watch at once on Ctrl-C. The settings file is the exception: it may sit at the
project's root, whose recursive watch would cover .venv/ and node_modules/ (one inotify watch per
folder), so that one file is checked by a stat on each idle tick instead.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from scormpack.config import CONFIG_FILES
from scormpack.quiz import QUIZ_SUFFIX

# How long a burst of changes is gathered before one rebuild (ms).
DEBOUNCE_MS = 150
# How often, without any change, the watch wakes up to check the settings file (ms).
IDLE_TICK_MS = 500


def relevant(path: str, ignored: Path) -> bool:
    """A source, a reviewed quiz or a settings file; never the preview's own output."""
    candidate = Path(path)
    if candidate.is_relative_to(ignored):
        return False
    name = candidate.name
    return name.endswith((".md", QUIZ_SUFFIX)) or name in CONFIG_FILES


def watched_roots(paths: Iterable[Path]) -> list[Path]:
    """Folders to watch: those of the sources (a file's own folder, so that its .quiz.yaml is seen)."""
    roots = {(p if p.is_dir() else p.parent).resolve() for p in paths}
    # A folder inside another is already watched (recursively) with it.
    return sorted(r for r in roots if not any(r != o and r.is_relative_to(o) for o in roots))


def _stamp(path: Path | None) -> tuple[int, int] | None:
    try:
        stat = path.stat() if path is not None else None
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size) if stat else None


class Watcher:
    """Runs `on_change(paths)` on a thread for each batch of relevant changes, until `stop()`."""

    def __init__(
        self, roots: list[Path], settings_file: Path | None, ignored: Path, on_change: Callable[[set[str]], None]
    ) -> None:
        self.roots = roots
        self.settings_file = settings_file
        self.ignored = ignored.resolve()
        self.on_change = on_change
        self._stop = threading.Event()
        # Set once the watch is in place (its first idle tick): changes from then on are seen.
        self.ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="scormpack-preview-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        from watchfiles import watch

        def keep(_change, path: str) -> bool:
            return relevant(path, self.ignored)

        settings_stamp = _stamp(self.settings_file)
        for changes in watch(
            *self.roots,
            watch_filter=keep,
            stop_event=self._stop,
            debounce=DEBOUNCE_MS,
            rust_timeout=IDLE_TICK_MS,
            yield_on_timeout=True,
            raise_interrupt=False,
        ):
            self.ready.set()
            paths = {path for _change, path in changes}
            stamp = _stamp(self.settings_file)
            if stamp != settings_stamp:
                settings_stamp = stamp
                paths.add(str(self.settings_file))
            if paths:
                self.on_change(paths)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
