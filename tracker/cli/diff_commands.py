"""`tracker diff`, `tracker commitments`, `tracker themes`: thin wrappers over tracker.diff.

An argument that names an existing file is read as a file (any format the ingester
reads); anything else is a revision reference resolved in the corpus.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import click

from tracker.cli.options import (
    check_output_folder,
    color_option,
    corpus_option,
    open_corpus,
    output_format_option,
    pager_option,
    terminal_width,
    use_color,
    write_output,
)
from tracker.cli.paging import page
from tracker.cli.process_exit import skip_teardown
from tracker.cli.progress import delayed_status
from tracker.collector import paused_cyclic_gc
from tracker.errors import BadReference, TrackerError

if TYPE_CHECKING:
    from tracker.commitments import ThemeLexicon
    from tracker.corpus import Corpus
    from tracker.diff import DiffReport, Side
    from tracker.ingest.files import FileText

# Written out, not imported, so that loading the CLI does not load the differ (a test checks
# they match tracker.diff.report and tracker.render.outline).
#: The kinds `--kind` accepts: every kind the differ reports.
CHANGE_KINDS = (
    "added", "removed", "strengthened", "weakened", "target_changed", "actor_changed", "moved", "reworded",
)
#: How many changes "What matters" shows by default.
DEFAULT_TOP = 10

DIFF_EXAMPLE = """\b
Examples:
  tracker diff jp/ai-basic-plan@latest~1 jp/ai-basic-plan@latest
  tracker diff jp/ai-basic-plan                  # previous -> latest
  tracker diff old.pdf new.docx --json
  tracker diff A B --kind removed --kind weakened --section "Article 5"
  tracker diff A B --top 20 --format md -o report.md
  tracker diff A B --all --format html -o diff.html
"""
COMMITMENTS_EXAMPLE = """\b
Examples:
  tracker commitments jp/ai-basic-plan@latest --json
  tracker commitments plan.pdf --format md
"""
THEMES_EXAMPLE = """\b
Example:
  tracker themes jp/ai-basic-plan
"""

language_option = click.option(
    "--language", help="Language of the texts (en, ja, ...); detected when not given."
)


class _Loaded(NamedTuple):
    text: str
    side: Side
    known_language: str | None
    normalized: bool = True
    file: FileText | None = None  # the file read: its language is detected only when asked for

    @property
    def language(self) -> str | None:
        return self.file.language if self.file is not None else self.known_language


class _Sources:
    """Loads each argument as a file or a revision, finding the corpus only when needed."""

    def __init__(self, corpus_path: Path | None, language: str | None) -> None:
        self.corpus_path = corpus_path
        self.language = language
        self._corpus: Corpus | None = None

    def corpus(self) -> Corpus:
        if self._corpus is None:
            self._corpus = open_corpus(self.corpus_path)
        return self._corpus

    def lexicon(self) -> ThemeLexicon | None:
        """The corpus's lexicon when a revision was loaded from one; None (the differ's packaged
        themes) when only files were."""
        if self._corpus is None:
            return None
        from tracker.commitments import corpus_lexicon

        return corpus_lexicon(self._corpus.settings)

    def load(self, arg: str) -> _Loaded:
        from tracker.diff import Side

        path = Path(arg).expanduser()
        if path.is_file():
            from tracker.ingest.files import read_file

            read = read_file(path, self.language)
            return _Loaded(read.text, Side(arg), None, read.normalized, read)
        if path.is_dir():
            raise TrackerError(f"{arg} is a folder; give a file or a revision reference such as DOC@latest")
        if "@" not in arg and "/" not in arg and path.suffix:
            raise TrackerError(f"no such file: {arg}")
        corpus = self.corpus()
        revision = corpus.resolve(arg)
        document = corpus.document(revision.doc_id)
        side = Side(revision.ref, str(revision.date), revision.label)
        return _Loaded(corpus.text(revision), side, self.language or document.language)

    def previous_and_latest(self, doc_id: str) -> tuple[str, str]:
        timeline = self.corpus().timeline(doc_id, include_technical=False)
        if len(timeline) < 2:
            count = len(timeline)
            raise BadReference(
                f"{doc_id} has {count} revision{'s' if count != 1 else ''}; a diff needs two "
                "(give two references or files)"
            )
        return timeline[-2].ref, timeline[-1].ref


@click.command("diff", epilog=DIFF_EXAMPLE, short_help="Which commitments changed between two versions.")
@click.argument("a")
@click.argument("b", required=False)
@output_format_option("term", "json", "md", "html", default="term")
@click.option(
    "--top",
    type=click.IntRange(min=0),
    default=DEFAULT_TOP,
    show_default=True,
    metavar="N",
    help='How many changes "What matters" shows, by significance (docs/significance.md).',
)
@click.option(
    "--all",
    "full_text",
    is_flag=True,
    help="List every change (moves and rewording too) as a card, and add the full text with a redline.",
)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(CHANGE_KINDS),
    help="Only changes of this kind (repeat for several).",
)
@click.option(
    "--min-strength",
    type=click.Choice(["weak", "moderate", "strong"]),
    help="Only changes to commitments at least this strong (on either side).",
)
@click.option("--section", metavar="TEXT", help="Only changes whose section path contains TEXT (any case).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when the versions differ (for scripts).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of stdout (its folder must exist).",
)
@color_option
@pager_option
@language_option
@corpus_option
def diff_command(
    a: str,
    b: str | None,
    output_format: str,
    top: int,
    full_text: bool,
    kinds: tuple[str, ...],
    min_strength: str | None,
    section: str | None,
    exit_zero: bool,
    output: Path | None,
    color: str,
    pager: bool,
    language: str | None,
    corpus_path: Path | None,
) -> None:
    """Compare two revisions or two files and list the commitment changes, most significant first.

    A and B are revision references (DOC@latest, DOC@latest~1, DOC@3, DOC@2025-12-23,
    DOC@label) or files (PDF, DOCX, HTML, Markdown, text). With only A, a document id,
    the previous revision is compared with the latest. Reports open with "What matters"
    (the --top changes by significance), then the other changes by section; moves and
    rewording are counted unless --all. Exit status as diff(1): 0 no differences,
    1 differences, 2 trouble.
    """
    try:
        if output is not None:
            check_output_folder(output)
        with paused_cyclic_gc(), delayed_status(f"comparing {a} and {b or 'its previous revision'}"):
            report = _diff(a, b, language, corpus_path)
            from tracker.diff.select import ChangeFilter, select_changes
            from tracker.render import render

            report = select_changes(report, ChangeFilter(kinds, min_strength, section))
            to_terminal = output is None and sys.stdout.isatty()
            text = render(
                report,
                output_format,
                full_text=full_text,
                color=use_color(color, to_terminal),
                width=terminal_width(to_terminal),
                top=top,
            )
        if output is not None:
            write_output(output, text)
        else:
            _emit(text, pager and to_terminal)
        skip_teardown()
    except TrackerError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    sys.exit(1 if report.has_differences and not exit_zero else 0)


def _diff(a: str, b: str | None, language: str | None, corpus_path: Path | None) -> DiffReport:
    from tracker.diff import diff_texts

    sources = _Sources(corpus_path, language)
    if b is None:
        if Path(a).expanduser().is_file():
            raise TrackerError("a file needs a second file to compare with: tracker diff OLD NEW")
        if "@" in a:
            raise TrackerError(f"{a} names one revision; give a second one, or only the document id")
        a, b = sources.previous_and_latest(a)
    old, new = sources.load(a), sources.load(b)
    lang = language or new.language or old.language
    lexicon = sources.lexicon()
    return diff_texts(
        old.text,
        new.text,
        before_side=old.side,
        after_side=new.side,
        language=lang,
        lexicon=lexicon,
        normalized=old.normalized and new.normalized,
    )


@click.command(
    "commitments", epilog=COMMITMENTS_EXAMPLE, short_help="Every commitment of one revision or file."
)
@click.argument("ref")
@output_format_option("term", "json", "md", default="term")
@color_option
@pager_option
@language_option
@corpus_option
def commitments_command(
    ref: str, output_format: str, color: str, pager: bool, language: str | None, corpus_path: Path | None
) -> None:
    """List every commitment of REF (a revision reference or a file): strength, actor, targets, themes."""
    from tracker.diff.inventory import inventory

    sources = _Sources(corpus_path, language)
    loaded = sources.load(ref)
    result = inventory(loaded.text, loaded.language, sources.lexicon())
    if output_format == "json":
        payload = {"ref": loaded.side.ref, **result.to_dict()}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    tty = sys.stdout.isatty()
    if output_format == "md":
        from tracker.render.markdown import render_commitments_markdown

        text = render_commitments_markdown(loaded.side.ref, result)
    else:
        from tracker.render.term import render_commitments

        text = render_commitments(result, color=use_color(color, tty), width=terminal_width(tty))
    _emit(text, pager and tty)
    skip_teardown()


@click.command("themes", epilog=THEMES_EXAMPLE, short_help="Theme weights across a document's timeline.")
@click.argument("doc_id")
@output_format_option("term", "json", "md", default="term")
@color_option
@pager_option
@corpus_option
def themes_command(
    doc_id: str, output_format: str, color: str, pager: bool, corpus_path: Path | None
) -> None:
    """Show how the weight of every theme moved across DOC_ID's revisions (strength-weighted)."""
    from tracker.diff.inventory import inventory

    sources = _Sources(corpus_path, None)
    corpus = sources.corpus()
    document = corpus.document(doc_id)
    lexicon = sources.lexicon()
    rows = []
    for revision in corpus.timeline(doc_id, include_technical=False):
        result = inventory(corpus.text(revision), document.language, lexicon)
        rows.append((revision, result))
    if output_format == "json":
        payload = {
            "document": doc_id,
            "revisions": [
                {
                    "ref": rev.ref,
                    "date": str(rev.date),
                    "label": rev.label,
                    "commitments": len(res.commitments),
                    "themes": {t: w for t, w in res.themes},
                }
                for rev, res in rows
            ],
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    tty = sys.stdout.isatty()
    if output_format == "md":
        from tracker.render.markdown import render_theme_timeline_markdown

        text = render_theme_timeline_markdown(doc_id, rows)
    else:
        from tracker.render.term import render_theme_timeline

        text = render_theme_timeline(doc_id, rows, color=use_color(color, tty), width=terminal_width(tty))
    _emit(text, pager and tty)


def _emit(text: str, may_page: bool) -> None:
    """Print `text`, through the pager when allowed (a terminal, no --no-pager) and it is long.

    The renderers wrote colour codes only if colour was asked for (--color, NO_COLOR, FORCE_COLOR),
    so click must keep them even when stdout is not a terminal.
    """
    if not (may_page and page(text)):
        click.echo(text, nl=False, color=True)


COMMANDS: list[click.Command] = [diff_command, commitments_command, themes_command]
