"""Hostile packages, built here as an attacker would build them: `validate` must call each one
invalid with a finding (never `valid`, never a traceback, never a hang)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
import validate_fixtures as fx
from click.testing import CliRunner
from support import SEED, seed_text

from scormpack.build import build_one
from scormpack.config import Settings
from scormpack.exporters.h5p import H5PExporter
from scormpack.model import Quiz, QuizPair
from scormpack.reader import read_resource
from scormpack.validate import Finding, check_path
from scormpack.validate.h5p import check_h5p_members


def rules(findings: list[Finding]) -> set[str]:
    return {f.rule for f in findings}


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.is_error]


# --- item 1: symlink, device and FIFO entries -------------------------------------------------

def test_symlink_entry_is_an_error(tmp_path: Path) -> None:
    link = fx.unix_entry("index.html", 0o120777)
    findings = check_path(fx.write_zip_with(tmp_path / "pkg.zip", [(link, b"/etc/passwd")]))
    special = [f for f in findings if f.rule == "ZIP-SPECIAL-FILE"]
    assert special and special[0].is_error and special[0].member == "index.html"
    assert "symbolic link" in special[0].message


def test_device_and_fifo_entries_are_errors(tmp_path: Path) -> None:
    for mode, word in ((0o010644, "FIFO"), (0o020644, "device"), (0o060644, "device"), (0o140644, "socket")):
        entry = fx.unix_entry("assets/odd", mode)
        findings = check_path(fx.write_zip_with(tmp_path / "pkg.zip", [(entry, b"")]))
        special = [f for f in findings if f.rule == "ZIP-SPECIAL-FILE"]
        assert special and special[0].member == "assets/odd" and word in special[0].message, findings


def test_regular_unix_entries_stay_valid(tmp_path: Path) -> None:
    executable = fx.unix_entry("index.html", 0o100755)
    path = fx.write_zip_with(tmp_path / "pkg.zip", [(executable, fx.INDEX_HTML)])
    assert check_path(path) == []


# --- item 2: names that collide once extracted ------------------------------------------------

CLASHES = {
    "dot segment": ("./imsmanifest.xml", "imsmanifest.xml"),
    "repeated slash": ("assets//x.txt", "assets/x.txt"),
    "case": ("INDEX.HTML", "index.html"),
    "unicode form": ("caf\u0065\u0301.txt", "caf\u00e9.txt"),  # NFD beside NFC
}


def test_names_that_collide_once_extracted_are_errors(tmp_path: Path) -> None:
    for why, (second, first) in CLASHES.items():
        files = {**fx.members(), first: b"one", second: b"two"}
        if first == "imsmanifest.xml":
            files = {**fx.members(), second: b"<manifest/>"}
        findings = check_path(fx.write_zip(tmp_path / "pkg.zip", files))
        clash = [f for f in findings if f.rule == "ZIP-NAME-CLASH"]
        assert clash and clash[0].is_error, (why, findings)
        assert {clash[0].member} <= {first, second} and first in clash[0].message + clash[0].member, why


def test_distinct_names_do_not_clash(tmp_path: Path) -> None:
    files = {**fx.members(), "assets/a.txt": b"a", "assets/b.txt": b"b", "assets/a.txt.bak": b"c"}
    assert "ZIP-NAME-CLASH" not in rules(check_path(fx.write_zip(tmp_path / "pkg.zip", files)))


# --- item 3: sizes that lie ---------------------------------------------------------------------

def test_entry_inflating_past_its_declared_size_is_a_bomb(tmp_path: Path) -> None:
    """Declares 1,024 bytes, inflates to 64 MiB; its CRC is the one of the 1,024 declared bytes, so
    a reader that stops at the declared size sees nothing wrong."""
    stream = fx.zeros_deflated(64 << 20)
    lie = ("assets/notes.txt", stream, zipfile.ZIP_DEFLATED, zlib.crc32(bytes(1024)), 1024)
    findings = check_path(fx.write_raw_zip(tmp_path / "pkg.zip", [lie]))
    bomb = [f for f in findings if f.rule == "ZIP-BOMB"]
    assert bomb and bomb[0].member == "assets/notes.txt" and "1024" in bomb[0].message, findings


def test_a_lying_entry_is_inflated_no_further_than_one_byte_past_its_declared_size(tmp_path, monkeypatch) -> None:
    """What is inflated is counted (not timed nor traced): the lie is proven by the byte after the
    declared size, never by inflating a whole input chunk of a 1,032:1 stream into memory."""
    from scormpack.validate import inflate

    produced: list[int] = []
    real = zlib.decompressobj

    class Counted:
        def __init__(self, *args) -> None:
            self._inflater = real(*args)

        def decompress(self, data: bytes, max_length: int = 0) -> bytes:
            out = self._inflater.decompress(data, max_length)
            produced.append(len(out))
            return out

        def __getattr__(self, name):
            return getattr(self._inflater, name)

    monkeypatch.setattr(inflate.zlib, "decompressobj", Counted)
    stream = fx.zeros_deflated(64 << 20)
    lie = ("assets/notes.txt", stream, zipfile.ZIP_DEFLATED, zlib.crc32(bytes(1024)), 1024)
    # The lying entry alone: every byte inflated is its own.
    findings = check_path(fx.write_raw_zip(tmp_path / "pkg.zip", [lie], with_package=False))
    assert "ZIP-BOMB" in rules(findings)
    assert produced and sum(produced) == 1024 + 1, produced[:5]


def test_read_member_stops_at_its_declared_size(tmp_path: Path) -> None:
    """A SCO page the checks read, whose data goes on past its declared size."""
    page = fx.INDEX_HTML + b"<!--" + bytes(8 << 20) + b"-->"
    lie = ("index.html", fx.raw_deflate(page), zipfile.ZIP_DEFLATED, zlib.crc32(fx.INDEX_HTML), len(fx.INDEX_HTML))
    files = {k: v for k, v in fx.members().items() if k != "index.html"}
    path = tmp_path / "pkg.zip"
    honest = [(n, fx.raw_deflate(d), zipfile.ZIP_DEFLATED, zlib.crc32(d), len(d)) for n, d in files.items()]
    findings = check_path(fx.write_raw_zip(path, [*honest, lie], with_package=False))
    assert "ZIP-BOMB" in rules(errors(findings)), findings


def test_ratio_deflate_cannot_produce_is_refused_unread(tmp_path: Path, monkeypatch) -> None:
    """Declared 10 MB from 2 kB: above deflate's 1,032:1 whatever the data, so refused without
    opening it (even under the 1 MiB floor of the ordinary ratio limit when small)."""
    stream = fx.zeros_deflated(1 << 20)
    for declared in (10_000_000, 900 * 1032):
        lie = ("assets/a.bin", stream[:800], zipfile.ZIP_DEFLATED, 0, declared)
        path = fx.write_raw_zip(tmp_path / "pkg.zip", [lie])

        def no_open(*args, **kwargs):
            raise AssertionError("the entry was opened")

        with monkeypatch.context() as patch:
            patch.setattr(zipfile.ZipFile, "open", no_open)
            findings = check_path(path)
        bomb = [f for f in findings if f.rule == "ZIP-BOMB"]
        assert bomb and "1032:1" in bomb[0].message, findings


def test_stored_entry_whose_sizes_differ_is_refused(tmp_path: Path) -> None:
    data = b"x" * 5000
    lie = ("assets/a.txt", data, zipfile.ZIP_STORED, zlib.crc32(data[:100]), 100)
    findings = check_path(fx.write_raw_zip(tmp_path / "pkg.zip", [lie]))
    assert "ZIP-BOMB" in rules(errors(findings)), findings


def test_crc_of_an_unread_member_is_checked(tmp_path: Path) -> None:
    data = b"an image, say" * 100
    bad = ("assets/photo.bin", fx.raw_deflate(data), zipfile.ZIP_DEFLATED, zlib.crc32(data) ^ 1, len(data))
    findings = check_path(fx.write_raw_zip(tmp_path / "pkg.zip", [bad]))
    unreadable = [f for f in findings if f.rule == "ZIP-UNREADABLE"]
    assert unreadable and unreadable[0].member == "assets/photo.bin", findings


def test_empty_deflated_entry_without_data_stays_valid(tmp_path: Path) -> None:
    """Some zip tools write an empty file as a deflated entry of 0 bytes (no deflate stream at
    all): unzip makes an empty file of it, so it is neither a lie nor unreadable."""
    path = tmp_path / "pkg.zip"
    files = {**fx.members(), "assets/empty.txt": b""}
    honest = [(n, fx.raw_deflate(d), zipfile.ZIP_DEFLATED, zlib.crc32(d), len(d)) for n, d in files.items() if d]
    fx.write_raw_zip(path, [*honest, ("assets/empty.txt", b"", zipfile.ZIP_DEFLATED, 0, 0)], with_package=False)
    assert "ZIP-UNREADABLE" not in rules(check_path(path))


def test_honest_raw_zip_is_valid(tmp_path: Path) -> None:
    """The hand-made writer itself is right: the same files, honest, give no finding."""
    assert check_path(fx.write_raw_zip(tmp_path / "pkg.zip", [])) == []


# --- item 4 (and a case of item 5): folder packages with special files --------------------------

def _folder(root: Path, skip: str = "") -> Path:
    for name, data in fx.members().items():
        if name != skip:
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
    return root


def run_validate(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """The installed command, in a child process: a hang fails the test instead of stalling the run."""
    return subprocess.run(
        [sys.executable, "-m", "scormpack", "validate", *args], capture_output=True, text=True, timeout=timeout
    )


def test_fifo_in_a_folder_package_is_reported_not_read(tmp_path: Path) -> None:
    for name in ("index.html", "imsmanifest.xml"):
        package = _folder(tmp_path / name.replace(".", "-"), skip=name)
        os.mkfifo(package / name)
        done = run_validate(str(package))
        assert done.returncode == 1, done
        assert "Traceback" not in done.stderr
        line = next(line for line in done.stdout.splitlines() if "ZIP-SPECIAL-FILE" in line)
        assert line.startswith("error ") and f"{package}:{name}" in line and "FIFO" in line


def test_links_that_lead_nowhere_are_reported(tmp_path: Path) -> None:
    package = _folder(tmp_path / "pkg")
    (package / "assets" / "loop").symlink_to("loop")
    (package / "assets" / "gone").symlink_to("nowhere")
    findings = check_path(package)
    special = {f.member: f for f in findings if f.rule == "ZIP-SPECIAL-FILE"}
    assert set(special) == {"assets/loop", "assets/gone"}, findings
    assert all(f.is_error for f in special.values())


def test_package_path_that_is_a_fifo_does_not_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pkg.zip")
    done = run_validate(str(tmp_path / "pkg.zip"))
    assert done.returncode == 1 and "Traceback" not in done.stderr, done
    assert "not a regular file" in done.stdout


# --- item 5: JSON that used to raise instead of being reported -----------------------------------

@pytest.fixture(scope="module")
def h5p_good() -> dict[str, bytes]:
    quiz = Quiz(pairs=tuple(QuizPair(id=f"a{i}", actor=f"Acteur {i}", role=f"Rôle {i}") for i in range(4)))
    return H5PExporter().files(read_resource(SEED), quiz, Settings(formats=("h5p",)))


def _h5p(path: Path, good: dict[str, bytes], name: str, text: str) -> Path:
    return fx.write_zip(path, {**good, name: text.encode("utf-8", "surrogatepass")})


def _meta_with(good: dict[str, bytes], key: str, raw_value: str) -> str:
    """h5p.json with `"key": raw_value` added as written (raw_value need not be JSON)."""
    return good["h5p.json"].decode().rstrip()[:-1] + f',"{key}":{raw_value}}}'


JSON_BREAKS = {
    "h5p.json nested 200,000 deep": ("h5p.json", lambda g: _meta_with(g, "x", "[" * 200_000 + "]" * 200_000)),
    "content.json nested 200,000 deep": (
        "content/content.json",
        lambda g: g["content/content.json"].decode()[:-1] + ',"x":' + "[" * 200_000 + "]" * 200_000 + "}",
    ),
    "content.json nested 400 deep": (
        "content/content.json",
        lambda g: g["content/content.json"].decode()[:-1] + ',"x":' + '{"a":' * 400 + "1" + "}" * 400 + "}",
    ),
    "5,001-digit majorVersion": (
        "h5p.json", lambda g: g["h5p.json"].decode().replace('"majorVersion":1', '"majorVersion":' + "9" * 5001, 1),
    ),
    "lone surrogate title": ("h5p.json", lambda g: _meta_with(g, "title", '"\\ud800"')),
    "lone surrogate key": ("h5p.json", lambda g: _meta_with(g, "\\udc00", "1")),
    "lone surrogate in content": ("content/content.json", lambda g: g["content/content.json"].decode()[:-1] + ',"x":"a\\udfffb"}'),
    "NaN": ("h5p.json", lambda g: _meta_with(g, "x", "NaN")),
    "Infinity": ("h5p.json", lambda g: _meta_with(g, "x", "-Infinity")),
}


@pytest.mark.parametrize("case", JSON_BREAKS)
def test_hostile_json_is_reported(case: str, h5p_good: dict[str, bytes], tmp_path: Path) -> None:
    name, make = JSON_BREAKS[case]
    path = _h5p(tmp_path / "res.h5p", h5p_good, name, make(h5p_good))
    json_errors = [f for f in check_path(path) if f.rule == "H5P-JSON" and f.member == name]
    assert json_errors and json_errors[0].is_error, case
    done = run_validate(str(path))
    assert done.returncode == 1 and "Traceback" not in done.stderr and "H5P-JSON" in done.stdout, done


def test_the_good_h5p_stays_valid(h5p_good: dict[str, bytes], tmp_path: Path) -> None:
    assert check_path(fx.write_zip(tmp_path / "res.h5p", h5p_good)) == []


# --- item 5: the command line itself ------------------------------------------------------------

def _one_clean_error(done: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in done.stderr, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert lines, done
    return lines[-1]


def test_max_size_must_be_a_finite_number(tmp_path: Path) -> None:
    package = str(fx.write_zip(tmp_path / "pkg.zip", fx.members()))
    for value in ("nan", "inf", "1e308"):
        done = run_validate("--max-size", value, package)
        assert done.returncode == 2, (value, done)
        assert "--max-size" in _one_clean_error(done)
    assert run_validate("--max-size", "0.5", package).returncode == 0


def test_report_file_in_a_missing_folder(tmp_path: Path) -> None:
    package = str(fx.write_zip(tmp_path / "pkg.zip", fx.members()))
    target = tmp_path / "nonexistent" / "dir" / "r.xml"
    done = run_validate(package, "--format", "junit", "-o", str(target))
    assert done.returncode == 74, done
    line = _one_clean_error(done)
    assert str(target) in line and "No such file or directory" in line
    assert "valid" in done.stdout  # the verdict still reaches the terminal
    assert not target.exists()


def test_report_file_is_never_left_half_written(tmp_path: Path) -> None:
    package = str(fx.write_zip(tmp_path / "pkg.zip", fx.members()))
    target = tmp_path / "r.xml"
    target.write_text("previous report")
    (tmp_path / "ro").mkdir()
    target_ro = tmp_path / "ro" / "r.xml"
    (tmp_path / "ro").chmod(0o500)
    try:
        done = run_validate(package, "-o", str(target_ro))
        if os.geteuid() != 0:  # root writes anyway
            assert done.returncode == 74 and "Traceback" not in done.stderr
    finally:
        (tmp_path / "ro").chmod(0o700)
    assert run_validate(package, "-o", str(target)).returncode == 0
    assert target.read_text().endswith("valid (0 error(s), 0 warning(s))\n")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".r.xml")] == []


def test_full_standard_output_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    package = str(fx.write_zip(tmp_path / "pkg.zip", fx.members()))
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "scormpack", "validate", package], stdout=full, stderr=subprocess.PIPE,
            text=True, timeout=30,
        )
    assert done.returncode == 74, done
    line = _one_clean_error(done)
    assert "standard output" in line and "No space left on device" in line
    assert len(done.stderr.strip().splitlines()) == 1


def test_closed_standard_output_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    package = str(fx.write_zip(tmp_path / "pkg.zip", fx.members()))
    done = subprocess.run(
        [sys.executable, "-m", "scormpack", "validate", package], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        text=True, timeout=30, preexec_fn=lambda: os.close(1),
    )
    assert done.returncode == 74, done
    assert "standard output" in _one_clean_error(done)


def test_names_that_are_not_utf8_are_shown_escaped(tmp_path: Path) -> None:
    package = _folder(tmp_path / "pkg")
    (package / os.fsdecode(b"assets/caf\xe9.txt")).write_bytes(b"x")
    for fmt in ("text", "junit"):
        done = run_validate(str(package), "--format", fmt)
        assert done.returncode == 0 and "Traceback" not in done.stderr, (fmt, done)
        assert "caf\\xe9.txt" in done.stdout, (fmt, done.stdout)
    report = json.loads(run_validate(str(package), "--format", "json").stdout)
    assert "assets/caf\\xe9.txt" in {f["member"] for f in report["packages"][0]["findings"]}


def test_an_unforeseen_failure_is_one_line_and_exit_70(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scormpack.validate import command

    def broken(*args, **kwargs):
        raise KeyError("a bug nobody foresaw")

    monkeypatch.setattr(command, "check_path", broken)
    result = CliRunner().invoke(command.validate, [str(fx.write_zip(tmp_path / "pkg.zip", fx.members()))])
    assert result.exit_code == 70, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "internal error" in lines[0] and "a bug nobody foresaw" in lines[0]
    assert "Traceback" not in result.output


# --- item 15: attributes judged as parsed, not by matching text ----------------------------------

def _with_text(good: dict[str, bytes], html: str) -> dict[str, bytes]:
    content = json.loads(good["content/content.json"])
    content["content"][0]["content"]["params"]["text"] = html
    return {**good, "content/content.json": json.dumps(content, ensure_ascii=False).encode()}


def test_text_that_looks_like_an_event_attribute_is_not_one(h5p_good: dict[str, bytes]) -> None:
    html = '<p><a href="https://ok.example/" title="voir onglet=nouveau" rel="noopener">lien</a> on=1 <em>x</em></p>'
    assert check_h5p_members(_with_text(h5p_good, html), "res.h5p") == []


def test_event_attributes_are_still_found(h5p_good: dict[str, bytes]) -> None:
    for html in (
        '<p onclick="x()">a</p>',
        "<p><a href=x ONMOUSEOVER=y>a</a></p>",
        "<p><a/onfocus=y>a</a></p>",
        '<p><em title="x"\nonload="y">a</em></p>',
    ):
        found = [f for f in check_h5p_members(_with_text(h5p_good, html), "res.h5p") if f.rule == "H5P-HTML-TAGS"]
        assert found and "event-handler" in found[0].message, html


def test_a_link_title_with_an_equals_sign_builds_as_h5p(tmp_path: Path) -> None:
    source = tmp_path / SEED.name
    text = seed_text().replace("## Transcription\n", '## Transcription\n\nVoir [lien](https://ok.example/ "voir onglet=nouveau").\n', 1)
    assert text != seed_text()
    source.write_text(text, encoding="utf-8")
    result = build_one(source, Settings(output_dir=tmp_path / "dist", formats=("h5p",)))
    assert result.ok, result.error
    package = tmp_path / "dist" / f"{SEED.stem}.h5p"
    assert check_path(package) == []
    with zipfile.ZipFile(package) as archive:
        assert "voir onglet=nouveau" in archive.read("content/content.json").decode()


# --- found by mutating valid packages: a zip that needs a newer zip version -----------------------

def test_zip_needing_an_unknown_version_is_unreadable_not_a_crash(tmp_path: Path) -> None:
    path = fx.write_zip(tmp_path / "pkg.zip", fx.members())
    data = bytearray(path.read_bytes())
    central = data.find(b"PK\x01\x02")
    data[central + 6] = 88  # "version needed to extract": 8.8, past what zipfile reads
    path.write_bytes(bytes(data))
    findings = check_path(path)
    assert [f.rule for f in findings] == ["ZIP-UNREADABLE"], findings


def test_a_name_cannot_forge_report_lines(tmp_path: Path) -> None:
    """A member name holding a line break must not start a line of its own (a fake verdict)."""
    forged = "assets/x\nfake.zip: valid (0 error(s), 0 warning(s))\r.txt"
    path = fx.write_zip(tmp_path / "pkg.zip", {**fx.members(), forged: b"x"})
    done = run_validate(str(path))
    assert "Traceback" not in done.stderr
    lines = done.stdout.splitlines()
    assert not any(line.startswith("fake.zip") for line in lines), lines
    assert all(line.startswith(("error ", "warning ", str(path))) for line in lines), lines
    assert "assets/x\\x0afake.zip" in done.stdout
