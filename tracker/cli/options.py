"""Options shared by commands of every area, so `--corpus` and `--json`/`--format` behave the same everywhere.

    @click.command()
    @corpus_option
    @output_format_option("text", "json")
    def log(corpus_path: Path | None, output_format: str) -> None:
        corpus = open_corpus(corpus_path)

Importing this module imports click only: the corpus is imported when a command runs.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from tracker.corpus import Corpus

F = TypeVar("F", bound=Callable[..., Any])

CORPUS_HELP = "The corpus folder (default: TRACKER_CORPUS, then the nearest tracker.toml up, then ./corpus)."


def corpus_option(func: F) -> F:
    """Add `--corpus PATH`, passed to the command as `corpus_path` (None when not given)."""
    return click.option(
        "--corpus",
        "corpus_path",
        type=click.Path(path_type=Path, file_okay=True, dir_okay=True),
        default=None,
        metavar="PATH",
        help=CORPUS_HELP,
    )(func)


def open_corpus(corpus_path: Path | None) -> Corpus:
    """The corpus named by --corpus, or found as git finds a repository; CorpusError when there is none."""
    from tracker.corpus import Corpus

    return Corpus.find(corpus_path)


def output_format_option(*formats: str, default: str = "text") -> Callable[[F], F]:
    """Add `--format {formats}` and, when json is one of them, `--json` as its shorthand.

    The command receives one argument, `output_format`.
    """
    choices = formats or ("text", "json")

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, output_format: str, as_json: bool = False, **kwargs: Any) -> Any:
            return func(*args, output_format="json" if as_json else output_format, **kwargs)

        command: Any = click.option(
            "--format",
            "output_format",
            type=click.Choice(choices),
            default=default,
            show_default=True,
            help="Output format.",
        )(wrapper)
        if "json" in choices:
            command = click.option("--json", "as_json", is_flag=True, help="Same as --format json.")(command)
        return command

    return decorate
