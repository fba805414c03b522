"""What the preview's LMS keeps: per resource, its attempts (CMI values and the calls made), saved
to a JSON file in the preview folder so that a relaunch, even after a restart, resumes."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path

from scormpack.atomic_write import write_atomically
from scormpack.preview import cmi

# The calls kept per attempt: enough to read a session, bounded so that a chatty SCO cannot grow the file.
MAX_CALLS = 2000


@dataclass
class Attempt:
    number: int
    values: dict[str, str] = field(default_factory=cmi.new_values)
    calls: list[dict] = field(default_factory=list)
    launches: int = 0

    def as_json(self) -> dict:
        return {"number": self.number, "launches": self.launches, "values": self.values, "calls": self.calls}

    def summary(self) -> dict:
        errors = [c for c in self.calls if c.get("error") not in ("0", None)]
        return {
            "number": self.number,
            "lesson_status": self.values.get("cmi.core.lesson_status", "not attempted"),
            "score": self.values.get("cmi.core.score.raw", ""),
            "errors": len(errors),
        }


class AttemptStore:
    """Attempts of every resource; one live API session per resource (the page's current launch)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._attempts: dict[str, list[Attempt]] = self._load()
        self._live: dict[str, tuple[Attempt, cmi.Session]] = {}

    def _load(self) -> dict[str, list[Attempt]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        loaded: dict[str, list[Attempt]] = {}
        for slug, attempts in data.items() if isinstance(data, dict) else ():
            try:
                loaded[slug] = [
                    Attempt(int(a["number"]), dict(a["values"]), list(a["calls"]), int(a.get("launches", 0)))
                    for a in attempts
                ]
            except (KeyError, TypeError, ValueError):
                continue  # a hand-edited or older file: that resource starts afresh
        return loaded

    def _save(self) -> None:
        data = {slug: [a.as_json() for a in attempts] for slug, attempts in sorted(self._attempts.items())}
        write_atomically(self.path, json.dumps(data, ensure_ascii=False), parents=True)

    def attempts(self, slug: str) -> list[dict]:
        with self._lock:
            return [a.as_json() for a in self._attempts.get(slug, [])]

    def latest(self, slug: str) -> dict | None:
        with self._lock:
            attempts = self._attempts.get(slug)
            return attempts[-1].summary() if attempts else None

    def launch(self, slug: str, launch: cmi.Launch, new: bool) -> int:
        """Start a session on the latest attempt (a relaunch: it resumes) or on a new one; returns its number."""
        with self._lock:
            attempts = self._attempts.setdefault(slug, [])
            if new or not attempts:
                attempts.append(Attempt(len(attempts) + 1))
                values = dict(attempts[-1].values)
            else:
                values = cmi.relaunch_values(attempts[-1].values)
            attempt = attempts[-1]
            attempt.launches += 1
            attempt.values = values
            self._live[slug] = (attempt, cmi.Session(values=values, launch=launch))
            self._save()
            return attempt.number

    def call(self, slug: str, number: int, method: str, element: str, value: str) -> dict | None:
        """One API call on the live session of attempt `number`; None when that is not the live one."""
        with self._lock:
            live = self._live.get(slug)
            if live is None or live[0].number != number:
                return None
            attempt, session = live
            before = len(session.calls)
            result, error = cmi.dispatch(session, method, element, value)
            made = session.calls[before:]
            flag = made[-1].flag if made else ""
            attempt.calls.extend(c.as_json() | {"launch": attempt.launches} for c in made)
            del attempt.calls[:-MAX_CALLS]
            attempt.values = session.values
            if method != "LMSGetValue":
                self._save()
            return {"result": result, "error": error, "flag": flag}

    def clear(self, slug: str) -> None:
        with self._lock:
            self._attempts.pop(slug, None)
            self._live.pop(slug, None)
            self._save()
