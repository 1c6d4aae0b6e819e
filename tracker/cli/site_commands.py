"""`tracker build` and `tracker serve`: thin wrappers over tracker.site."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import click

from tracker.cli.options import corpus_option, open_corpus

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from tracker.corpus import Corpus
    from tracker.site import BuildResult

BUILD_EXAMPLE = """\b
Examples:
  tracker build                      # ./corpus (or the one found) -> ./public
  tracker build ~/ai-plans -o out/ --base-url https://example.org/ai-plans/
  tracker build --strict             # warnings (broken links, unreadable revisions) fail the build
  tracker build --jobs 1             # compute diff reports in this process only
"""
SERVE_EXAMPLE = """\b
Example:
  tracker serve --port 8000          # build, serve on http://127.0.0.1:8000/, rebuild on change
"""

corpus_argument = click.argument(
    "corpus_arg", required=False, metavar="[CORPUS]", type=click.Path(path_type=Path, file_okay=False)
)
output_option = click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("public"),
    show_default=True,
    help="The folder to write the site to.",
)


class _Progress:
    """A progress bar on stderr (rich) when it is a terminal; silence otherwise.

    Refreshed by the build's own calls, not by rich's refresh thread: a build forks its
    diff workers only from a process without other threads."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self._progress: Progress | None = None
        self._tasks: dict[str, TaskID] = {}
        self._shown = 0.0

    def __enter__(self) -> _Progress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self._progress = Progress(
                TextColumn("{task.description:>8}"),
                BarColumn(),
                MofNCompleteColumn(),
                console=Console(stderr=True),
                transient=True,
                auto_refresh=False,
            )
            self._progress.__enter__()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._progress is not None:
            self._progress.__exit__(kind, exc, tb)

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self._progress is None:
            return
        if stage not in self._tasks:
            self._tasks[stage] = self._progress.add_task(stage, total=total)
        self._progress.update(self._tasks[stage], completed=done, total=total)
        now = time.monotonic()
        if done == total or now - self._shown >= 0.1:
            self._progress.refresh()
            self._shown = now


def _base_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A base URL that is not http(s) is a usage error (exit 2), before anything is built."""
    from tracker.errors import TrackerError
    from tracker.site.paths import check_base_url

    if value is None:
        return None
    try:
        return check_base_url(value)
    except TrackerError as exc:
        raise click.BadParameter(str(exc).removeprefix("invalid base URL ")) from None


def _report(result: BuildResult, out: Path) -> None:
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(
        f"wrote {result.files_written} file{'s' if result.files_written != 1 else ''} to {out} "
        f"({result.files_unchanged} unchanged, {result.files_removed} removed; "
        f"{result.reports_computed} diff report{'s' if result.reports_computed != 1 else ''} computed) "
        f"in {result.seconds:.2f} s",
        err=True,
    )


def _next_steps(corpus: Corpus, out: Path) -> None:
    """Where to open the site, and the commands worth trying on the document with the longest timeline."""
    index = (out / "index.html").resolve()
    click.echo(f"open {index.as_uri()} in a browser, or run: tracker serve", err=True)
    timelines = corpus.timelines()
    if timelines:
        doc = max(sorted(timelines), key=lambda doc_id: len(timelines[doc_id]))
        click.echo(f"then try: tracker diff {doc}   tracker log {doc}   tracker themes {doc}", err=True)


@click.command("build", epilog=BUILD_EXAMPLE)
@corpus_argument
@corpus_option
@output_option
@click.option(
    "--base-url",
    callback=_base_url,
    help="The public http(s) URL of the site (absolute links in feeds, canonical links).",
)
@click.option(
    "--strict", is_flag=True, help="Fail (exit 1) on any warning: a broken link, an unreadable revision."
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary line.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    help="Worker processes for a first build's diff reports and pages (default: the processors not "
    "kept busy by other work; 1: none; also TRACKER_JOBS). The site is the same whatever the number.",
)
def build_command(
    corpus_arg: Path | None,
    corpus_path: Path | None,
    output: Path,
    base_url: str | None,
    strict: bool,
    quiet: bool,
    jobs: int | None,
) -> None:
    """Build the static site of a corpus: pages, feeds, JSON, search. Only changed files are rewritten."""
    from tracker.site import SiteBuildError, build_site

    corpus = open_corpus(corpus_arg or corpus_path)
    try:
        with _Progress(not quiet) as progress:
            result = build_site(
                corpus, output, base_url=base_url, strict=strict, progress=progress, jobs=jobs
            )
    except SiteBuildError as exc:
        for warning in exc.warnings:
            click.echo(f"warning: {warning}", err=True)
        raise
    if not quiet:
        _report(result, output)
        _next_steps(corpus, output)


@click.command("serve", epilog=SERVE_EXAMPLE)
@corpus_argument
@corpus_option
@output_option
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="The port (0: any free)."
)
@click.option("--no-watch", is_flag=True, help="Do not rebuild when the corpus or its templates change.")
def serve_command(
    corpus_arg: Path | None, corpus_path: Path | None, output: Path, host: str, port: int, no_watch: bool
) -> None:
    """Build the site, serve it locally, and rebuild it whenever the corpus changes."""
    from tracker.site.serve import serve

    corpus = open_corpus(corpus_arg or corpus_path)
    serve(
        corpus,
        output,
        host=host,
        port=port,
        watch_changes=not no_watch,
        log=lambda msg: click.echo(msg, err=True),
        on_build=lambda r: _report(r, output),
    )


COMMANDS: list[click.Command] = [build_command, serve_command]
