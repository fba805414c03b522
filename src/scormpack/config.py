"""Settings: defaults, `[tool.scormpack]` in pyproject.toml or a scormpack.toml, then flags.

Every bad value is reported as `file:line: key: what is wrong (what was expected)`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from scormpack.errors import ConfigError
from scormpack.moodle.settings import COURSE_KEYS, CourseSettings, check_course_value

# SCORM 2004 comes next; a format is listed here once its exporter exists.
FORMATS = ("scorm12", "h5p")
H5P_PROFILES = ("moodle-4.4+", "magistere")
CONFIG_FILES = ("scormpack.toml", "pyproject.toml")
# A derived pair goes into the package when its confidence reaches this (0.5 is where the derivation's
# own scoring puts the line between presented and merely mentioned).
DEFAULT_MIN_CONFIDENCE = 0.5


@dataclass(frozen=True)
class Settings:
    mastery_score: int = 80
    video_hosts: tuple[str, ...] = ("tube.reseau-canope.fr",)
    output_dir: Path = Path("dist")
    formats: tuple[str, ...] = ("scorm12",)
    attempts: int = 3
    h5p_profile: str = "moodle-4.4+"
    language: str = "fr"
    # `scormpack course` only: packages do not depend on it.
    course: CourseSettings = field(default_factory=CourseSettings)
    quiz_min_confidence: float = DEFAULT_MIN_CONFIDENCE
    # Sources (and quiz files) larger than this are refused: a build's time and memory stay bounded.
    max_source_mb: float = 5
    # Where the settings came from, for messages; not a setting itself.
    origin: Path | None = None

    def fingerprint(self) -> str:
        """What of the settings changes the packages' bytes (for incremental builds)."""
        # Where packages go, the course backup's own settings, and a limit on inputs.
        ignored = {"origin", "output_dir", "course", "max_source_mb"}
        return repr([(f.name, getattr(self, f.name)) for f in fields(self) if f.name not in ignored])

    @property
    def max_source_bytes(self) -> int:
        return int(self.max_source_mb * 1_000_000)


def _check(key: str, value: Any) -> Any:
    """Return the value converted to the field's type, or raise ValueError with the expectation."""
    if key == "mastery_score":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
            raise ValueError("must be an integer from 0 to 100")
        return value
    if key == "attempts":
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 99:
            raise ValueError("must be an integer from 1 to 99")
        return value
    if key == "video_hosts":
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list | tuple) or not value:
            raise ValueError("must be a non-empty list of host names")
        for host in value:
            if not isinstance(host, str) or not re.fullmatch(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?", host):
                raise ValueError(f"{host!r} is not a lower-case host name like 'tube.example.org'")
        return tuple(value)
    if key == "output_dir":
        if not isinstance(value, str | Path) or not str(value).strip():
            raise ValueError("must be a folder path")
        return Path(value)
    if key == "formats":
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list | tuple) or not value:
            raise ValueError(f"must be a list of formats among {', '.join(FORMATS)} (or 'all')")
        chosen: list[str] = []
        for item in value:  # every item is checked, even after an 'all'
            if item != "all" and item not in FORMATS:
                raise ValueError(f"{item!r} is not a format (expected {', '.join(FORMATS)} or all)")
            if item not in chosen:
                chosen.append(item)
        if "all" in chosen:
            return FORMATS
        return tuple(f for f in FORMATS if f in chosen)
    if key == "h5p_profile":
        if value not in H5P_PROFILES:
            raise ValueError(f"must be one of {', '.join(H5P_PROFILES)}")
        return value
    if key == "language":
        if not isinstance(value, str) or not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z]{2,4})?", value):
            raise ValueError("must be a language tag like 'fr'")
        return value
    if key == "quiz_min_confidence":
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise ValueError("must be a number from 0 to 1")
        return float(value)
    if key == "max_source_mb":
        # `not 0 < value <= …` also refuses TOML's nan and inf.
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 10_000:
            raise ValueError("must be a number of megabytes above 0 (at most 10000)")
        return value
    raise KeyError(key)


SETTING_KEYS = tuple(f.name for f in fields(Settings) if f.name != "origin")


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest scormpack.toml, or pyproject.toml with [tool.scormpack], from `start` upwards."""
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for candidate_dir in (folder, *folder.parents):
        for name in CONFIG_FILES:
            candidate = candidate_dir / name
            if not candidate.is_file():
                continue
            text = _read_text(candidate)
            try:
                data = tomllib.loads(text)
            except tomllib.TOMLDecodeError as exc:
                raise ConfigError(candidate, _toml_error_line(exc), None, f"invalid TOML: {exc}") from None
            except RecursionError:
                raise ConfigError(candidate, 1, None, "invalid TOML: nested too deeply (arrays or tables)") from None
            if name == "pyproject.toml":
                tool = data.get("tool")
                # Another tool's odd `tool` key is not ours to judge; only [tool.scormpack] is.
                table = tool.get("scormpack") if isinstance(tool, dict) else None
                if table is None:
                    continue
                where = "tool.scormpack"
            else:
                table = data.get("scormpack", data)
                where = "scormpack"
            if not isinstance(table, dict):
                line = _key_line(candidate, "scormpack")
                raise ConfigError(candidate, line, where, f"must be a table ([{where}])")
            return candidate, table
    return None


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(path, None, None, f"cannot be read: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(path, line, "encoding", f"not valid UTF-8 (byte {exc.start}; save it as UTF-8)") from None


def load_settings(start: Path, overrides: dict[str, Any] | None = None) -> Settings:
    settings = Settings()
    found = find_config(start)
    if found:
        path, table = found
        settings = _apply(settings, table, path)
        settings = replace(settings, origin=path)
        if "output_dir" in table and not Path(table["output_dir"]).is_absolute():
            settings = replace(settings, output_dir=path.parent / settings.output_dir)
    return _apply(settings, {k: v for k, v in (overrides or {}).items() if v is not None}, None)


def _apply(settings: Settings, table: dict[str, Any], path: Path | None) -> Settings:
    changes: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = raw_key.replace("-", "_")
        where = path or Path("command line")
        line = _key_line(path, raw_key) if path else None
        if key not in SETTING_KEYS:
            raise ConfigError(where, line, raw_key, f"unknown setting (expected one of {', '.join(SETTING_KEYS)})")
        if key == "course":
            changes[key] = _course(settings.course, value, path)
            continue
        try:
            changes[key] = _check(key, value)
        except ValueError as exc:
            raise ConfigError(where, line, raw_key, f"{exc} (got {value!r})") from None
    return replace(settings, **changes)


def _course(current: CourseSettings, table: Any, path: Path | None) -> CourseSettings:
    where = path or Path("command line")
    if not isinstance(table, dict):
        line = _key_line(path, "course") if path else None
        raise ConfigError(where, line, "course", f"must be a table of course settings (got {table!r})")
    values: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = raw_key.replace("-", "_")
        line = _key_line(path, raw_key, after=r"\[\s*(tool\.scormpack\.)?course\s*\]") if path else None
        if key not in COURSE_KEYS:
            raise ConfigError(
                where, line, f"course.{raw_key}", f"unknown course setting (expected one of {', '.join(COURSE_KEYS)})"
            )
        try:
            values[key] = check_course_value(key, value)
        except ValueError as exc:
            raise ConfigError(where, line, f"course.{raw_key}", f"{exc} (got {value!r})") from None
    return replace(current, **values)


def _key_line(path: Path, key: str, after: str | None = None) -> int | None:
    """The line of `key = …`; with `after`, the first such line below a header matching it."""
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    header = re.compile(after) if after else None
    seen_header = header is None
    for number, line in enumerate(_read_text(path).splitlines(), start=1):
        if header is not None and header.match(line.strip()):
            seen_header = True
        elif seen_header and pattern.match(line):
            return number
    return None


def _toml_error_line(exc: tomllib.TOMLDecodeError) -> int | None:
    match = re.search(r"line (\d+)", str(exc))
    return int(match.group(1)) if match else None
