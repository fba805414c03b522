"""Shared fixtures: the real seed, and a writer of resources that differ from it by one thing."""

from __future__ import annotations

from pathlib import Path

import pytest

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


@pytest.fixture
def seed_path() -> Path:
    return SEED


@pytest.fixture
def write_resource(tmp_path: Path):
    """Write a resource file into a fresh sources folder; returns its path."""

    def write(text: str | bytes, name: str = "ressource.md") -> Path:
        folder = tmp_path / "sources"
        folder.mkdir(exist_ok=True)
        path = folder / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return write
