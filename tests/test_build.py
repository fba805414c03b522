"""`scormpack build` end to end: the seed's package as an LMS opens it, determinism, bad input."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from click.testing import CliRunner
from lms import import_scorm12
from support import ROOT, SEEDS, replace_field, seed_text

from scormpack.cli import cli

SCHEMA_FILES = ("imscp_rootv1p1p2.xsd", "imsmd_rootv1p2p1.xsd", "adlcp_rootv1p2.xsd", "ims_xml.xsd")


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_seed_package_imports_as_an_lms_would(tmp_path, seed_path):
    result = run("build", str(SEEDS), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    package = tmp_path / f"{seed_path.stem}.zip"
    assert f"built {package}" in result.output
    assert "1 built, 0 failed" in result.output

    imported = import_scorm12(package)
    assert imported.launch == "index.html"
    assert imported.scormtype == "sco"
    assert imported.masteryscore == "80"
    assert imported.names[0] == "imsmanifest.xml"
    for listed in imported.listed_files:
        assert listed in imported.names
    assert set(imported.names) - set(imported.listed_files) - {"imsmanifest.xml"} == set(SCHEMA_FILES)
    with zipfile.ZipFile(package) as archive:
        for name in SCHEMA_FILES:  # shipped unmodified
            assert archive.read(name) == (ROOT / "schemas" / "scorm12" / name).read_bytes()
        html = archive.read("index.html").decode("utf-8")
        for asset in [n for n in imported.names if n.startswith("assets/")]:
            assert f'"{asset}"' in html  # every asset is used by the launch page
        for info in archive.infolist():
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            assert not info.is_dir()
    assert '<html lang="fr">' in html
    assert "tube.reseau-canope.fr/videos/embed/" in html
    # Offline: the only remote thing is the video (iframe + links to its page).
    remote = {line.strip() for line in html.splitlines() if "https://" in line}
    assert all("tube.reseau-canope.fr" in line for line in remote)


def test_rebuild_is_byte_identical(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    assert run("build", str(SEEDS), "-o", str(first)).exit_code == 0
    assert run("build", str(SEEDS), "-o", str(second)).exit_code == 0
    digest = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in first.iterdir() if p.is_file()}
    assert digest and digest == {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in second.iterdir() if p.is_file()}


def test_a_failing_resource_does_not_stop_the_batch(tmp_path, write_resource):
    good = write_resource(seed_text(), "bonne-ressource.md")
    bad = write_resource(replace_field(seed_text(), "videoEmbedSrc", "videoEmbedSrc: https://example.com/x"), "mauvaise.md")
    out = tmp_path / "out"
    result = run("build", str(good.parent), "-o", str(out))
    assert result.exit_code == 1
    assert f"error: {bad}:5: videoEmbedSrc: host 'example.com' is not an allowed video host" in result.output
    assert "1 built, 1 failed" in result.output
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["bonne-ressource.zip"]
    assert not (out / "mauvaise.zip").exists()
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_a_failed_package_write_leaves_nothing_behind(tmp_path, monkeypatch, seed_path):
    import os

    real_replace = os.replace

    def disk_full(source, target, *args, **kwargs):
        if str(target).endswith(".zip"):
            raise OSError(28, "No space left on device")
        return real_replace(source, target, *args, **kwargs)

    # The package is fully written to its temporary file; moving it into place fails.
    monkeypatch.setattr(os, "replace", disk_full)
    out = tmp_path / "out"
    result = run("build", str(seed_path), "-o", str(out))
    assert result.exit_code == 1
    assert "No space left on device" in result.output
    assert not [p for p in out.glob("*") if p.suffix in {".zip", ".tmp"}], list(out.iterdir())


def test_usage_errors_exit_2(tmp_path):
    assert run("build", str(tmp_path / "nope")).exit_code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("build", str(empty))
    assert result.exit_code == 2
    assert "no markdown resource" in result.output
    assert run("build", "--mastery-score", "120", str(SEEDS)).exit_code == 2


def test_settings_file_beside_the_sources(tmp_path, write_resource):
    source = write_resource(seed_text())
    (source.parent / "scormpack.toml").write_text('mastery_score = 65\noutput_dir = "paquets"\n', encoding="utf-8")
    result = run("build", str(source.parent))
    assert result.exit_code == 0, result.output
    package = source.parent / "paquets" / "ressource.zip"
    assert import_scorm12(package).masteryscore == "65"
    # a flag wins over the file
    result = run("build", str(source.parent), "--mastery-score", "90", "-o", str(tmp_path / "o"))
    assert import_scorm12(tmp_path / "o" / "ressource.zip").masteryscore == "90"


def test_bad_setting_names_file_line_and_key(tmp_path, write_resource):
    source = write_resource(seed_text())
    (source.parent / "scormpack.toml").write_text("# réglages\nmastery_score = 150\n", encoding="utf-8")
    result = run("build", str(source.parent))
    assert result.exit_code == 2
    assert f"{source.parent / 'scormpack.toml'}:2: mastery_score: must be an integer from 0 to 100 (got 150)" in result.output


def test_version_and_help():
    from scormpack import __version__

    assert __version__ in run("--version").output
    assert "PATHS" in run("build", "--help").output


def test_python_dash_m(tmp_path):
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "scormpack", "build", str(SEEDS), "-o", str(tmp_path)],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert list(Path(tmp_path).glob("*.zip"))
