"""The package's French UI strings, read once from templates/h5p/strings.<lang>.toml."""

from __future__ import annotations

import tomllib
from functools import cache
from typing import Any

from scormpack.data import templates_dir
from scormpack.h5p.html import plain
from scormpack.text import french_typography

DEFAULT_LANGUAGE = "fr"


@cache
def h5p_strings(lang: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
    """Strings for `lang` (falling back to French), typeset and safe as plain text (no `<`, `>`, `&`).

    The [authors] table is left as written. Done once per process: the build reuses them for every package.
    """
    path = templates_dir() / "h5p" / f"strings.{lang}.toml"
    if not path.is_file():
        lang = DEFAULT_LANGUAGE
        path = templates_dir() / "h5p" / f"strings.{lang}.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    french = lang.startswith("fr")

    def typeset(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: typeset(v) for k, v in value.items()}
        if isinstance(value, list):
            return [typeset(v) for v in value]
        if isinstance(value, str):
            return plain(french_typography(value) if french else value)
        return value

    return {key: value if key == "authors" else typeset(value) for key, value in data.items()}
