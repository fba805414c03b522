"""Helpers the tests share: where the seed is, and how to vary it one field at a time."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED = next(SEEDS.glob("*.md"))


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def replace_field(text: str, field: str, line: str | None) -> str:
    """The seed with one front-matter line replaced (or removed when `line` is None)."""
    lines = text.split("\n")
    for index, current in enumerate(lines):
        if current.startswith(f"{field}:"):
            if line is None:
                del lines[index]
            else:
                lines[index] = line
            return "\n".join(lines)
    raise AssertionError(f"no field {field} in seed")
