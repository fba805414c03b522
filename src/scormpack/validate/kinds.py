"""Which checker a package gets, by kind: SCORM (1.2 / 2004) today, H5P when `validate/h5p.py` exists.

A kind's checker takes `(members, label)` — members being a read-only mapping {name: bytes} that
may read lazily — and returns findings. Container and file-name checks are common to all kinds
and run before it (see `check.py`), so a checker only looks at its own format.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping

from scormpack.validate.findings import Finding

KindChecker = Callable[[Mapping[str, bytes], str], list[Finding]]

_CHECKERS: dict[str, KindChecker] = {}


def register(kind: str, checker: KindChecker) -> None:
    _CHECKERS[kind] = checker


def checker_for(kind: str) -> KindChecker | None:
    """The registered checker, else `scormpack.validate.<kind>.check_<kind>_members` if present."""
    if kind not in _CHECKERS:
        try:
            module = importlib.import_module(f"scormpack.validate.{kind}")
        except ModuleNotFoundError as err:
            if err.name != f"scormpack.validate.{kind}":
                raise  # the module exists but is broken: say so
            return None
        checker = getattr(module, f"check_{kind}_members", None)
        if checker is None:
            return None
        _CHECKERS[kind] = checker
    return _CHECKERS[kind]


def detect_kind(label: str, members: Mapping[str, bytes]) -> str:
    """`h5p` for a .h5p file or an unpacked H5P folder (h5p.json, no manifest); `scorm` otherwise,
    the SCORM checker then telling 1.2 from 2004 by the manifest's schemaversion."""
    if label.lower().endswith(".h5p"):
        return "h5p"
    if "h5p.json" in members and not any(n.lower().endswith("imsmanifest.xml") for n in members):
        return "h5p"
    return "scorm"


def _scorm(members: Mapping[str, bytes], label: str) -> list[Finding]:
    from scormpack.validate.scorm import check_scorm_members  # lxml schemas only when needed

    return check_scorm_members(members, label)


register("scorm", _scorm)
