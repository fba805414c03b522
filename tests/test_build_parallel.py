"""`build --jobs N`: the same bytes and the same report, in the same order, as `--jobs 1`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import ROOT, SEED, replace_field, seed_text

import scormpack.build as build_module
from scormpack.build import build, discover
from scormpack.cli import cli
from scormpack.config import Settings

CORPUS = ROOT / "tests" / "corpus"
BAD_NAME = "f-mauvaise.md"  # sorts among the good ones, not first nor last


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    """Twelve resources (enough for the worker pool: MIN_PARALLEL is 8), one of them broken."""
    folder = tmp_path / "catalogue"
    folder.mkdir()
    texts = [SEED.read_text(encoding="utf-8")] + [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.md"))]
    letters = "abcdeghijklm"  # no 'f': that is the broken one's place
    for index, letter in enumerate(letters[:11]):
        (folder / f"{letter}-ressource.md").write_text(texts[index % len(texts)], encoding="utf-8")
    broken = replace_field(seed_text(), "videoEmbedSrc", "videoEmbedSrc: https://example.com/x")
    (folder / BAD_NAME).write_text(broken, encoding="utf-8")
    assert len(discover([folder])) >= build_module.MIN_PARALLEL
    return folder


def _packages(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if not p.name.startswith(".")}


def test_jobs_2_writes_the_same_bytes_and_reports_in_the_same_order(tmp_path, catalogue, monkeypatch):
    import concurrent.futures

    pools = []
    real_pool = concurrent.futures.ProcessPoolExecutor

    def spy(*args, **kwargs):
        pools.append(kwargs.get("max_workers"))
        return real_pool(*args, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", spy)
    sources = discover([catalogue])
    one, two = tmp_path / "one", tmp_path / "two"
    reported: list[Path] = []
    serial = build(sources, Settings(output_dir=one), jobs=1)
    parallel = build(sources, Settings(output_dir=two), jobs=2, on_result=lambda r: reported.append(r.source))
    assert pools == [2], "the parallel build did not use worker processes"

    assert [r.source for r in parallel] == sources == reported
    assert [r.source for r in serial] == sources
    for a, b in zip(serial, parallel, strict=True):
        assert (a.error, a.warnings, a.quiz_pairs, a.sizes) == (b.error, b.warnings, b.quiz_pairs, b.sizes)
        assert [p.name for p in a.outputs] == [p.name for p in b.outputs]
    failed = [r for r in parallel if not r.ok]
    assert [r.source.name for r in failed] == [BAD_NAME]
    packages = _packages(one)
    assert len(packages) == len(sources) - 1
    assert packages == _packages(two)


def test_cli_jobs_2_prints_lines_in_input_order(tmp_path, catalogue):
    runner = CliRunner()
    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        result = runner.invoke(cli, ["build", str(catalogue), "-o", str(out), "--jobs", jobs], catch_exceptions=False)
        assert result.exit_code == 1  # one resource fails, the others are written
        outputs[jobs] = (result.stdout.replace(str(out), "OUT"), result.stderr.replace(str(out), "OUT"))
    assert outputs["1"] == outputs["2"]
    stdout, stderr = outputs["2"]
    built = [line.split()[1] for line in stdout.splitlines() if line.startswith("built ")]
    assert built == sorted(built) and len(built) == 11
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and BAD_NAME in errors[0]
    assert "11 built, 1 failed" in stderr


def test_pool_results_follow_input_order_whatever_finishes_first(tmp_path, monkeypatch):
    """Later sources finishing first (a long resource early on) must not reorder the results."""
    folder = tmp_path / "src"
    folder.mkdir()
    sources = []
    for index in range(10):
        path = folder / f"r{index:02d}.md"
        shutil.copyfile(SEED, path)
        sources.append(path)

    slow = {sources[1]}

    def fake_build_one(source, settings, formats=None):
        import time

        time.sleep(0.2 if source in slow else 0.0)
        return build_module.BuildResult(source=source, error=f"done {source.name}")

    monkeypatch.setattr(build_module, "build_one", fake_build_one)
    monkeypatch.setattr(build_module, "MAX_CHUNK", 1)
    results = list(build_module.iter_build(sources, Settings(output_dir=tmp_path / "out"), jobs=2))
    assert [r.error for r in results] == [f"done {s.name}" for s in sources]
