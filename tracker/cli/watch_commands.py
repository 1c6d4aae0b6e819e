"""`tracker watch`: record what lands in an inbox folder and republish the site."""

from __future__ import annotations

import json
import signal
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

import click

from tracker.errors import TrackerError

if TYPE_CHECKING:
    from tracker.corpus import Corpus
    from tracker.site import BuildResult
    from tracker.watch import Watcher
    from tracker.watch.processor import Rebuild

EXAMPLE = """\b
Example:
  tracker watch ~/inbox --corpus ~/ai-plans --build ~/public
  cp draft.pdf ~/inbox/jp/ai-basic-plan/2026-06-30--revised-draft.pdf
"""


@click.command(
    "watch",
    epilog=EXAMPLE,
    short_help="Record drafts dropped into an inbox folder and republish the site.",
)
@click.argument("inbox", type=click.Path(file_okay=False, path_type=Path))
@click.option("--corpus", "corpus_path", type=click.Path(file_okay=False, path_type=Path),
              help="The corpus folder (default: TRACKER_CORPUS, then the nearest tracker.toml).")
@click.option("--build", "build_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Rebuild the static site into this folder after each burst of recordings.")
@click.option("--base-url", help="Base URL of the published site (for feeds and permalinks).")
@click.option("--settle", type=click.FloatRange(min=0), default=1.0, show_default=True,
              help="Seconds a file's size and modification time must stay unchanged before it is read.")
@click.option("--poll", is_flag=True, help="Poll the folder instead of using file-system events "
              "(network file systems, containers).")
@click.option("--poll-interval", type=click.FloatRange(min=0.05), default=0.5, show_default=True,
              help="Seconds between polls with --poll.")
@click.option("--once", is_flag=True, help="Process what is in the inbox, rebuild, and exit (cron, CI).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per event on stdout.")
@click.option("--no-summary", is_flag=True, help="Skip the commitment summary (no diff per recording).")
def watch_command(inbox: Path, corpus_path: Path | None, build_dir: Path | None, base_url: str | None,
                  settle: float, poll: bool, poll_interval: float, once: bool, as_json: bool,
                  no_summary: bool) -> None:
    """Watch INBOX and record every file dropped into it.

    The inbox mirrors document ids: a file goes into INBOX/<jurisdiction>/<slug>/ and its
    name starts with the revision date, then an optional label
    (2026-06-30--revised-draft.pdf). An optional sidecar <file>.toml gives label, status,
    source_url, title, language (or date). Recorded files move to INBOX/_done/; files that
    cannot be recorded move to INBOX/_rejected/ with a .reason.txt. Runs until Ctrl-C
    (exit 130); with --once, exits 1 if any file was rejected or the build failed.
    """
    from tracker.corpus import Corpus
    from tracker.watch import Watcher, WatchEvent, WatchOptions, emit_to
    from tracker.watch.summary import site_cached_summarizer

    corpus = Corpus.find(corpus_path)
    inbox = inbox.expanduser()

    def to_stderr(event: WatchEvent) -> None:
        click.echo(event.describe(), err=True)

    stdout_open = [True]

    def to_stdout(event: WatchEvent) -> None:
        if not stdout_open[0]:
            return
        try:
            sys.stdout.write(json.dumps(event.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
            sys.stdout.flush()
        except (BrokenPipeError, ValueError):     # the reader went away: keep recording, stop writing
            stdout_open[0] = False

    emit = emit_to(to_stderr, to_stdout) if as_json else emit_to(to_stderr)
    rebuild = _site_rebuild(corpus, build_dir, base_url) if build_dir is not None else None
    options = WatchOptions(settle=settle, poll=poll, poll_interval=poll_interval, summaries=not no_summary)
    site_dir = build_dir.expanduser() if build_dir is not None else None
    # with a site, summaries go through its report cache, so the rebuild does not diff twice
    summarize = site_cached_summarizer(corpus, site_dir) if site_dir is not None else None
    watcher = Watcher(corpus, inbox, emit=emit, rebuild=rebuild, options=options, site_dir=site_dir,
                      summarize=summarize)

    if once:
        totals = watcher.run_once()
        problems = []
        if totals.rejected:
            problems.append(f"{totals.rejected} file(s) rejected, see {inbox / '_rejected'}")
        if totals.left:
            problems.append(f"{totals.left} file(s) left in the inbox for the next run")
        if totals.build_failed:
            problems.append("the site build failed")
        click.echo(f"done: {totals.recorded} recorded, {totals.skipped} skipped, "
                   f"{totals.rejected} rejected", err=True)
        if problems:
            raise TrackerError("; ".join(problems))
        return

    _run_until_signal(watcher)


def _site_rebuild(corpus: Corpus, out: Path, base_url: str | None) -> Rebuild:
    from tracker.site import build_site

    out = out.expanduser()

    def rebuild() -> BuildResult:
        return build_site(corpus, out, base_url=base_url)

    return rebuild


def _run_until_signal(watcher: Watcher) -> None:
    """Run until SIGINT (exit 130) or SIGTERM (exit 143); a second Ctrl-C exits at once, which is safe
    because a file leaves the inbox only after its commit."""
    stop = threading.Event()
    received: list[int] = []

    def on_signal(signum: int, frame: FrameType | None) -> None:
        if received:
            sys.stderr.write("stopping now\n")
            import os
            os._exit(128 + signum)
        received.append(signum)
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        watcher.start()
        while not stop.wait(3600):
            pass
        click.echo("stopping (finishing the file in hand; Ctrl-C again to stop at once)", err=True)
        watcher.stop()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    sys.exit(128 + received[0])


COMMANDS: list[click.Command] = [watch_command]
