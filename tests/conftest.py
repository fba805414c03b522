"""Shared fixtures: the real seed, and a writer of resources that differ from it by one thing."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import SEED


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
