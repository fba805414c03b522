"""Installed from a wheel, away from the checkout, scormpack finds its templates and schemas."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile

import pytest
from support import ROOT, SEED


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    work = tmp_path_factory.mktemp("wheel")
    # Build from a copy so that nothing of the checkout (src/, templates/) is reachable afterwards.
    source = work / "src-copy"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns("dist", "node_modules", ".git", ".venv", "*.egg-info", "__pycache__"))
    wheels = work / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(source)],
        check=True,
    )
    (wheel,) = wheels.glob("scormpack-*.whl")
    site = work / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)], check=True)
    shutil.rmtree(source)
    return wheel, site


def test_wheel_contains_package_data(installed):
    wheel, _ = installed
    names = zipfile.ZipFile(wheel).namelist()
    assert "scormpack/_data/templates/lesson/index.html.j2" in names
    assert "scormpack/_data/schemas/scorm12/imscp_rootv1p1p2.xsd" in names
    assert "scormpack/_data/schemas/scorm12/PROVENANCE.md" in names
    assert any(n.endswith("entry_points.txt") for n in names)


def test_installed_wheel_builds_the_seed_outside_the_checkout(installed, tmp_path):
    _, site = installed
    shutil.copy(SEED, tmp_path / SEED.name)
    env = {**os.environ, "PYTHONPATH": str(site)}
    probe = subprocess.run(
        [sys.executable, "-c", "import scormpack.data as d; print(d.templates_dir()); print(d.schemas_dir())"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=True,
    )
    assert all(line.startswith(str(site)) for line in probe.stdout.split()), probe.stdout
    done = subprocess.run(
        [sys.executable, "-m", "scormpack", "build", SEED.name, "-o", "out"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / f"{SEED.stem}.zip").is_file()
