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
import os
import shutil
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


def color_option(func: F) -> F:
    """Add `--color auto|always|never`, passed as `color` (see `use_color`)."""
    return click.option(
        "--color",
        type=click.Choice(["auto", "always", "never"]),
        default="auto",
        show_default=True,
        help="Colour: auto is on a terminal unless NO_COLOR is set (FORCE_COLOR forces it).",
    )(func)


def pager_option(func: F) -> F:
    """Add `--pager/--no-pager`, passed as `pager`: long output on a terminal goes through a pager."""
    return click.option(
        "--pager/--no-pager",
        default=True,
        help="Page long output on a terminal with $PAGER or less -FRX (as git does; never when piped).",
    )(func)


def use_color(choice: str, terminal: bool) -> bool:
    """Whether to write colour: --color always/never decide; auto follows NO_COLOR, then FORCE_COLOR,
    then whether the output is a terminal (no-color.org, force-color.org)."""
    if choice in ("always", "never"):
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "").strip().lower() not in ("", "0", "false"):
        return True
    return terminal


#: The width of output that does not go to a terminal.
PIPED_WIDTH = 100


def terminal_width(terminal: bool) -> int:
    """The terminal's width (COLUMNS when set), or PIPED_WIDTH columns when the output is piped."""
    if not terminal:
        return PIPED_WIDTH
    return max(40, shutil.get_terminal_size((PIPED_WIDTH, 24)).columns)


def check_output_folder(path: Path) -> None:
    """Fail before any work when `-o PATH` names a file in a folder that does not exist."""
    from tracker.errors import TrackerError

    folder = path.expanduser().parent
    if not folder.is_dir():
        raise TrackerError(
            f"folder {folder} does not exist; create it first, or give -o a file in an existing folder"
        )


def write_output(path: Path, text: str) -> None:
    """Write a report to `-o PATH`; a write that fails is one line, not a traceback."""
    from tracker.errors import TrackerError

    try:
        path.expanduser().write_text(text, encoding="utf-8")
    except OSError as exc:
        raise TrackerError(f"cannot write {path}: {exc.strerror or exc}") from None
