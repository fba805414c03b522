"""`scormpack preview [PATHS]... [--port N] [--open] [--format scorm12|h5p]`: thin click glue."""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path

import click

from scormpack.errors import ScormpackError

DEFAULT_PORT = 8765


@click.command("preview")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path), metavar="[PATHS]...")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True,
    help="Port on 127.0.0.1; the next free one is taken when it is busy (0: any free port).",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the catalogue in the default browser.")
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["scorm12", "h5p"]), default="scorm12", show_default=True,
    help="Package format to build and preview.",
)
def preview(paths: tuple[Path, ...], port: int, open_browser: bool, fmt: str) -> None:
    """Review a catalogue in the browser: each lesson under a local LMS, each quiz with its evidence.

    Builds PATHS (default seeds/) into a private folder (.scormpack-preview/ beside the settings, or
    here), never into dist/; rebuilds on each change of a source, its .quiz.yaml or the settings, and
    reloads the open pages. Serves on 127.0.0.1 only; Ctrl-C stops it.
    """
    from scormpack.cli import DEFAULT_SOURCES
    from scormpack.preview.attempts import AttemptStore
    from scormpack.preview.catalogue import Catalogue
    from scormpack.preview.server import Preview, make_server
    from scormpack.preview.watch import Watcher, watched_roots

    paths = paths or tuple(p for p in DEFAULT_SOURCES if p.exists())
    if not paths:
        raise click.UsageError("no PATHS given and no seeds/ folder here")
    try:
        catalogue = Catalogue(paths, fmt)
    except ScormpackError as exc:
        raise click.UsageError(str(exc)) from None
    folder = catalogue.folder
    state = Preview(catalogue=catalogue, attempts=AttemptStore(folder / "attempts.json"))
    try:
        server = make_server(state, port)
    except OSError as exc:
        raise click.ClickException(str(exc)) from None

    # Before the server and the watcher run: the only time the build may fork worker processes. A
    # signal meanwhile stops it as it stops `build` (scormpack.cli.main); from now on Ctrl-C and
    # SIGTERM stop the server instead, which then says « stopped ».
    catalogue.rebuild(jobs=None)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
    _tell(catalogue)
    url = f"http://127.0.0.1:{state.port}/"

    def on_change(changed: set[str]) -> None:
        try:
            rebuilt = state.rebuild()
        except Exception as exc:  # the server must outlive a failed rebuild; the page shows the old state
            click.echo(f"error: rebuild failed: {exc}", err=True)
            return
        if catalogue.settings_error:
            click.echo(catalogue.settings_error, err=True)
        if rebuilt:
            click.echo(f"rebuilt: {', '.join(rebuilt)}", err=True)

    watcher = Watcher(watched_roots(paths), catalogue.settings.origin, folder, on_change)
    watcher.start()
    # Changes made once the URL is printed must be seen.
    watcher.ready.wait(timeout=10)
    click.echo(f"preview: {url} ({len(catalogue.entries())} resources; Ctrl-C to stop)")
    sys.stdout.flush()
    if open_browser:
        import webbrowser

        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()

    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        state.stop()
        watcher.stop()
        server.server_close()
    click.echo("preview: stopped")


def _interrupt(_signum, _frame) -> None:
    # SIGTERM (a service manager, a test) stops the server as cleanly as Ctrl-C does.
    raise KeyboardInterrupt


def _tell(catalogue) -> None:
    for entry in catalogue.entries():
        for warning in entry.warnings:
            click.echo(f"warning: {warning}", err=True)
        if entry.error:
            click.echo(f"error: {entry.error}", err=True)
