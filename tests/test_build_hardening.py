"""Issue 10, build side: hostile sources, sidecars, settings and environments give one clear line each.

Each test names the item of the issue it covers.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import replace_field, seed_text

from scormpack.cli import cli
from scormpack.errors import SourceError
from scormpack.quiz import read_quiz_file
from scormpack.reader import read_resource

EMBED = "https://tube.reseau-canope.fr/videos/embed/f87f764b-5b4e-4219-a731-4e74cda01f25"


def _error(call) -> SourceError:
    with pytest.raises(SourceError) as caught:
        call()
    message = str(caught.value)
    assert "\n" not in message
    return caught.value


# --- item 10: duplicate keys, merge keys and non-text scalars are errors, with the line --------------


def test_10_duplicate_front_matter_key_is_an_error(write_resource):
    text = replace_field(seed_text(), "videoEmbedSrc", f"videoEmbedSrc: https://evil.example/x\nvideoEmbedSrc: {EMBED}")
    error = _error(lambda: read_resource(write_resource(text)))
    assert (error.line, error.field) == (6, "videoEmbedSrc")
    assert "duplicate key (first at line 5" in error.message


def test_10_alias_in_front_matter_names_its_key(write_resource):
    text = replace_field(seed_text(), "title", "title: &t Un titre")
    text = replace_field(text, "description", "description: *t")
    error = _error(lambda: read_resource(write_resource(text)))
    assert (error.line, error.field) == (4, "description")
    assert "aliases" in error.message


def test_10_merge_key_in_front_matter_is_an_error(write_resource):
    text = replace_field(seed_text(), "area", "<<: {area: Domaine 1}")
    error = _error(lambda: read_resource(write_resource(text)))
    assert (error.line, error.field) == (2, "<<")
    assert "merge key" in error.message


@pytest.mark.parametrize(
    ("text", "line", "field", "expected"),
    [
        ("pairs: []\npairs: []\n", 2, "pairs", "duplicate key (first at line 1"),
        ("pairs:\n  - {actor: A, actor: B, role: R}\n", 2, "pairs[1].actor", "duplicate key (first at line 2"),
        ("pairs:\n  - actor: A\n    role: ~\n", 3, "pairs[1].role", "'~' is read as null"),
        ("pairs:\n  - actor: yes\n    role: R\n", 2, "pairs[1].actor", "'yes' is read as a boolean"),
        ("pairs:\n  - actor: 12\n    role: R\n", 2, "pairs[1].actor", "'12' is read as an integer"),
        ("pairs:\n  - &a {actor: A, role: R}\n  - *a\n", 2, "pairs[2]", "aliases"),
        ("base: &b {role: R}\npairs:\n  - <<: *b\n    actor: A\n", 3, "pairs[1].<<", "merge key"),
        ("pairs: []\n---\npairs: []\n", 1, "syntax", "invalid YAML: but found another document"),
    ],
)
def test_10_quiz_file_keys_and_scalars_are_strict(tmp_path, text, line, field, expected):
    path = tmp_path / "r.quiz.yaml"
    path.write_text(text, encoding="utf-8")
    error = _error(lambda: read_quiz_file(path))
    assert (error.path, error.line, error.field) == (path, line, field)
    assert expected in error.message


# --- item 11: sidecar tracebacks ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("pairs:\n  - actor: Le maire\n    role: Décide des travaux\n".encode("latin-1"), "not valid UTF-8"),
        ("pairs:\n  - actor: A\n".encode("utf-16"), "UTF-16"),
    ],
)
def test_11_quiz_file_in_another_encoding(tmp_path, raw, expected):
    path = tmp_path / "r.quiz.yaml"
    path.write_bytes(raw)
    error = _error(lambda: read_quiz_file(path))
    assert error.field == "encoding" and error.line
    assert expected in error.message


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        ("? [a, b]\n: 1\n", 1, "key"),
        ("pairs:\n  - actor: A\n    role: R\n  - ? [a, b]\n    : 1\n", 4, "pairs[2]"),
    ],
)
def test_11_list_used_as_key(tmp_path, text, line, field):
    path = tmp_path / "r.quiz.yaml"
    path.write_text(text, encoding="utf-8")
    error = _error(lambda: read_quiz_file(path))
    assert (error.line, error.field) == (line, field)
    assert "a key must be text" in error.message
    assert "Node" not in str(error)


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def run_process(*args: str, cwd: Path, timeout: float = 30, **kwargs) -> subprocess.CompletedProcess:
    """The installed command in its own process: what a user meets, with a time limit for hangs."""
    return subprocess.run(
        [sys.executable, "-m", "scormpack", *args],
        capture_output=True, text=True, cwd=cwd, timeout=timeout, check=False, **kwargs,
    )


# --- item 6: control characters are a source error; any per-resource failure stays per resource ----


@pytest.mark.parametrize("value", ['"a\\0b"', '"\\x01\\x1b"', '"\\uFFFE"', '"ok\\u0085"'])
def test_6_control_characters_in_a_field(write_resource, value):
    text = replace_field(seed_text(), "title", f"title: {value}")
    error = _error(lambda: read_resource(write_resource(text)))
    assert (error.line, error.field) == (3, "title")
    assert "control or non-text character U+" in error.message


def test_6_raw_control_character_in_the_body_names_its_section(write_resource):
    text = seed_text().replace("Enfin, la DSI", "Enfin, la \x1bDSI")
    line = text.split("\n").index(next(x for x in text.split("\n") if "\x1bDSI" in x)) + 1
    error = _error(lambda: read_resource(write_resource(text)))
    assert (error.line, error.field) == (line, "Transcription")
    assert "U+001B" in error.message


def test_6_unforeseen_failure_of_one_resource_does_not_stop_the_others(tmp_path, write_resource, monkeypatch):
    import scormpack.reader as reader

    real = reader.read_resource

    def flaky(path, *args, **kwargs):
        if Path(path).name == "a.md":
            raise ValueError("All strings must be XML compatible")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(reader, "read_resource", flaky)
    first = write_resource(seed_text(), "a.md")
    write_resource(seed_text(), "b.md")
    out = tmp_path / "out"
    result = run("build", str(first.parent), "-o", str(out), "-j1")
    assert result.exit_code == 1
    assert f"error: {first}: internal error (ValueError: All strings must be XML compatible)" in result.output
    assert (out / "b.zip").is_file() and not (out / "a.zip").exists()
    assert "1 built, 1 failed" in result.output


# --- item 7: special files are refused, never read -------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_7_fifo_source_and_quiz_file_and_device(tmp_path, write_resource):
    good = write_resource(seed_text(), "bon.md")
    fifo = good.with_name("tube.md")
    os.mkfifo(fifo)
    write_resource(seed_text(), "avec-quiz.md")
    os.mkfifo(good.with_name("avec-quiz.quiz.yaml"))
    out = tmp_path / "out"
    done = run_process("build", str(good.parent), str(fifo), "/dev/zero", "-o", str(out), "-j1", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert f"error: {fifo}: file: is a named pipe (FIFO) (expected a regular file)" in done.stderr
    assert f"error: {good.with_name('avec-quiz.quiz.yaml')}: file: is a named pipe (FIFO)" in done.stderr
    assert "error: /dev/zero: file: is a character device (expected a regular file)" in done.stderr
    assert "Traceback" not in done.stderr
    assert (out / "bon.zip").is_file()
    assert "1 built, 3 failed" in done.stderr


# --- item 8: a size limit for a resource, as a setting, with a clear error past it ------------------


def test_8_source_over_the_size_limit_is_refused_and_the_others_built(tmp_path, write_resource):
    small = write_resource(seed_text(), "petit.md")
    big_text = seed_text().replace("## **Crédits**", ("Un paragraphe de plus.\n\n" * 2000) + "## **Crédits**")
    big = write_resource(big_text, "grand.md")
    (small.parent / "scormpack.toml").write_text("max_source_mb = 0.03\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", str(small.parent), "-o", str(out))
    assert result.exit_code == 1
    assert f"error: {big}: file: larger than 0.03 MB (the max_source_mb setting" in result.output
    assert (out / "petit.zip").is_file() and not (out / "grand.zip").exists()
    # the command line overrides the setting
    result = run("build", str(big), "-o", str(out), "--max-source-mb", "1")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", '"5"', "true"])
def test_8_bad_size_limit_setting(tmp_path, write_resource, value):
    source = write_resource(seed_text())
    (source.parent / "scormpack.toml").write_text(f"max_source_mb = {value}\n", encoding="utf-8")
    result = run("build", str(source), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "scormpack.toml:1: max_source_mb: must be a number of megabytes above 0" in result.output


# --- item 9: a damaged package of the same size is rebuilt, not trusted ------------------------------


def test_9_a_flipped_byte_in_a_package_is_rebuilt(tmp_path, write_resource):
    source = write_resource(seed_text())
    out = tmp_path / "out"
    assert run("build", str(source), "-o", str(out)).exit_code == 0
    package = out / "ressource.zip"
    good = package.read_bytes()
    damaged = bytearray(good)
    damaged[len(damaged) // 2] ^= 0xFF
    package.write_bytes(bytes(damaged))
    assert package.stat().st_size == len(good)
    result = run("build", str(source), "-o", str(out))
    assert result.exit_code == 0
    assert f"built {package}" in result.output and "unchanged" not in result.output
    assert package.read_bytes() == good
    again = run("build", str(source), "-o", str(out))
    assert f"unchanged {package}" in again.output


# --- item 12: settings files ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("scormpack.toml", "mastery_score = 70\ntitle = 'caf\xe9'\n".encode("latin-1"), "scormpack.toml:2: encoding: not valid UTF-8"),
        ("scormpack.toml", b"x = " + b"[" * 100_000, "scormpack.toml:1: invalid TOML: nested too deeply"),
        ("pyproject.toml", b"[tool]\nscormpack = 5\n", "pyproject.toml:2: tool.scormpack: must be a table ([tool.scormpack])"),
        ("scormpack.toml", b"scormpack = 5\n", "scormpack.toml:1: scormpack: must be a table ([scormpack])"),
        ("scormpack.toml", b'formats = ["h5p", "all", 3]\n', "scormpack.toml:1: formats: 3 is not a format"),
    ],
)
def test_12_bad_settings_files(tmp_path, write_resource, name, content, expected):
    source = write_resource(seed_text())
    (source.parent / name).write_bytes(content)
    result = run("build", str(source), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2, result.output
    assert expected in result.output
    assert not (tmp_path / "out").exists()


def test_12_a_tool_key_that_is_not_a_table_is_not_ours(tmp_path, write_resource):
    source = write_resource(seed_text())
    (source.parent / "pyproject.toml").write_text('tool = "x"\n', encoding="utf-8")
    result = run("build", str(source), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output


# --- item 13: environments -------------------------------------------------------------------------


def _no_traceback(done: subprocess.CompletedProcess) -> None:
    err = done.stderr if isinstance(done.stderr, str) else done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err


@pytest.mark.skipif(sys.platform != "linux", reason="Linux file names are bytes")
def test_13_source_path_that_is_not_utf8(tmp_path):
    folder = os.path.join(os.fsencode(tmp_path), b"nonutf8-\xff\xfe")
    os.mkdir(folder)
    with open(os.path.join(folder, b"r\xe9s.md"), "wb") as handle:
        handle.write(seed_text().encode("utf-8"))
    done = subprocess.run(
        [sys.executable, "-m", "scormpack", "build", folder, "-o", str(tmp_path / "out")],
        capture_output=True, cwd=tmp_path, timeout=60, check=False,
    )
    _no_traceback(done)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "rs.zip").is_file(), done.stderr


def test_13_c_locale_without_utf8_mode(tmp_path):
    folder = tmp_path / "é"
    folder.mkdir()
    (folder / "àé.md").write_text(seed_text(), encoding="utf-8")
    (folder / "b.md").write_text(seed_text().replace("## **Crédits**", "## Autre"), encoding="utf-8")
    env = {**os.environ, "LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0"}
    done = run_process("build", "é", "-o", "out", "-j1", cwd=tmp_path, env=env)
    _no_traceback(done)
    assert done.returncode == 1  # b.md has no credits, and says so
    assert "dits: section missing" in done.stderr
    assert (tmp_path / "out" / "ae.zip").is_file()


def test_13_quiz_write_that_cannot_write(tmp_path, write_resource):
    source = write_resource(seed_text())
    target = source.with_name("ressource.quiz.yaml")
    target.symlink_to(tmp_path / "missing-folder" / "r.quiz.yaml")  # writing through it fails
    done = run_process("quiz", str(source), "--write", cwd=tmp_path)
    _no_traceback(done)
    assert done.returncode == 1
    assert f"error: {target}: cannot write: No such file or directory" in done.stderr


def test_13_closed_stdout(tmp_path, write_resource):
    source = write_resource(seed_text())
    done = run_process("build", str(source), "-o", str(tmp_path / "out"), cwd=tmp_path, preexec_fn=lambda: os.close(1))
    _no_traceback(done)
    assert done.returncode == 0
    assert (tmp_path / "out" / "ressource.zip").is_file()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("command", ["build", "validate"])
def test_13_stdout_on_a_full_disk(tmp_path, write_resource, command):
    source = write_resource(seed_text())
    out = tmp_path / "out"
    assert run("build", str(source), "-o", str(out)).exit_code == 0
    args = ("build", str(source), "-o", str(out), "--force") if command == "build" else ("validate", str(out / "ressource.zip"))
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "scormpack", *args], stdout=full, stderr=subprocess.PIPE,
            text=True, cwd=tmp_path, timeout=60, check=False,
        )
    _no_traceback(done)
    assert done.returncode == 74
    # validate names what it could not write (its report); build, its progress and summary lines.
    what = "the report to standard output" if command == "validate" else "the output"
    assert done.stderr.strip().splitlines()[-1] == f"error: cannot write {what}: No space left on device"


def test_13_deeply_nested_state_file_means_a_rebuild(tmp_path, write_resource):
    source = write_resource(seed_text())
    out = tmp_path / "out"
    out.mkdir()
    (out / ".scormpack-state.json").write_text("[" * 100_000, encoding="utf-8")
    result = run("build", str(source), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert (out / "ressource.zip").is_file()


def test_13_state_path_that_is_a_folder(tmp_path, write_resource):
    source = write_resource(seed_text())
    out = tmp_path / "out"
    (out / ".scormpack-state.json").mkdir(parents=True)
    result = run("build", str(source), "-o", str(out))
    assert result.exit_code == 1
    assert f"error: {out / '.scormpack-state.json'}: is a folder (expected the build state file; remove it)" in result.output
    assert not (out / "ressource.zip").exists()  # refused before anything is built


# --- item 14: URLs hold only what a URL can hold ------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (EMBED.replace("/embed/", "/embed/\t"), "the character U+0009 cannot be in a URL"),
        (EMBED + '?autoplay=1"><script>alert(1)</script>', "the character '\"' cannot be in a URL"),
        (EMBED + "?start=30&x=a b", "the character ' ' cannot be in a URL"),
        (EMBED + "?start=%zz", "'%' must start an escape such as %20"),
        (EMBED + "?start=30&&autoplay", "query 'start=30&&autoplay' is not a list of name=value"),
    ],
)
def test_14_urls_refuse_what_a_url_cannot_hold(write_resource, value, expected):
    text = replace_field(seed_text(), "videoEmbedSrc", f"videoEmbedSrc: '{value}'")
    error = _error(lambda: read_resource(write_resource(text)))
    assert (error.line, error.field) == (5, "videoEmbedSrc")
    assert expected in error.message


@pytest.mark.parametrize("query", ["?start=30&autoplay=1", "?start=1m30s", "?title=0&warningTitle=0&peertubeLink=0", "?muted"])
def test_14_peertube_queries_are_kept(write_resource, query):
    text = replace_field(seed_text(), "videoEmbedSrc", f"videoEmbedSrc: {EMBED}{query}")
    assert read_resource(write_resource(text)).video_embed_src == EMBED + query


# --- item 16: every message reads path:line: field: what is wrong (what was expected) ------------------


def test_16_title_over_the_scorm_limit_is_reported_on_the_source(tmp_path, write_resource):
    source = write_resource(replace_field(seed_text(), "title", "title: " + "Titre très long " * 13))
    result = run("build", str(source), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert f"error: {source}:3: title: 207 characters, more than SCORM's 200 (shorten it to 200 at most)" in result.output
    assert "imsmanifest.xml" not in result.output


def test_16_output_errors_name_the_output(tmp_path, write_resource):
    source = write_resource(seed_text())
    out = source.parent / "out"
    out.write_text("a file where the output folder should be", encoding="utf-8")
    (source.parent / "scormpack.toml").write_text('output_dir = "out"\n', encoding="utf-8")
    result = run("build", str(source))
    assert result.exit_code == 1
    assert f"error: {out / 'ressource.zip'}: cannot write (the output folder {out} is a file)" in result.output


def test_16_unreadable_quiz_file_is_named(tmp_path, write_resource):
    source = write_resource(seed_text())
    quiz = source.with_name("ressource.quiz.yaml")
    quiz.symlink_to(tmp_path / "gone.quiz.yaml")
    result = run("build", str(source), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert f"error: {quiz}: file: cannot be read: No such file or directory" in result.output


@pytest.mark.parametrize(
    ("change", "name", "expected"),
    [
        (lambda t: t.split("## **Crédits**")[0], "res.md", r"res\.md:(\d+): Crédits: section missing \(expected a '## Crédits' heading\)"),
        (lambda t: t, "\u202e.md", r"\\u202e\.md: file name: gives an empty slug \(use letters or digits\)"),
        (lambda t: t.replace("## **Crédits**", "- " * 3000 + "b\n\n## **Crédits**"), "res.md", r"res\.md:(\d+): Transcription: lists or quotes nested too deeply \(markdown is read up to 20 levels; flatten them\)"),
    ],
)
def test_16_messages_have_line_and_field(write_resource, change, name, expected):
    import re

    text = change(seed_text())
    path = write_resource(text, name)
    error = _error(lambda: read_resource(path))
    match = re.search(expected, str(error))
    assert match, str(error)
    if match.groups():
        assert 1 <= int(match.group(1)) <= text.count("\n") + 1


def test_16_package_name_clash_names_the_field(tmp_path, write_resource):
    first = write_resource(seed_text(), "Été.md")
    second = write_resource(seed_text(), "ete.md")
    result = run("build", str(first), str(second), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert f"error: {second}: file name: gives the package name 'ete' of {first} (rename one of the files)" in result.output


# --- the last resort: what nobody foresaw is one line and exit 70 ----------------------------------------


def test_last_resort_handler_prints_one_line_and_exits_70(monkeypatch, capsys, write_resource):
    import scormpack.quiz as quiz_module
    from scormpack import cli as cli_module

    def broken(*_args, **_kwargs):
        raise RuntimeError("a defect\nover two lines")

    monkeypatch.setattr(quiz_module, "quiz_for", broken)
    monkeypatch.setattr(sys, "argv", ["scormpack", "quiz", str(write_resource(seed_text()))])
    with pytest.raises(SystemExit) as caught:
        cli_module.main()
    assert caught.value.code == 70
    err = capsys.readouterr().err
    assert err == "error: internal error (RuntimeError: a defect over two lines); please report it\n"


def test_16_missing_source_names_the_field(tmp_path, write_resource):
    folder = write_resource(seed_text()).parent
    broken = folder / "lien.md"
    broken.symlink_to(folder / "parti.md")
    result = run("build", str(folder), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert f"error: {broken}: file: cannot be read: No such file or directory" in result.output


def test_8_a_huge_source_is_refused_without_being_read(tmp_path, write_resource):
    huge = write_resource(seed_text(), "enorme.md")
    try:
        os.truncate(huge, 1 << 36)  # 64 GiB, sparse: nothing may read it whole
    except OSError:
        pytest.skip("this file system has no sparse files that large")
    write_resource(seed_text(), "petit.md")
    done = run_process("build", str(huge.parent), "-o", str(tmp_path / "out"), cwd=tmp_path)
    _no_traceback(done)
    assert done.returncode == 1
    assert f"error: {huge}: file: larger than 5 MB (the max_source_mb setting" in done.stderr
    assert (tmp_path / "out" / "petit.zip").is_file()
