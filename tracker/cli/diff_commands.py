"""`tracker diff`, `tracker commitments`, `tracker themes`: thin wrappers over tracker.diff.

An argument that names an existing file is read as a file (any format the ingester
reads); anything else is a revision reference resolved in the corpus.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from tracker.cli.options import corpus_option, open_corpus
from tracker.collector import paused_cyclic_gc
from tracker.errors import BadReference, TrackerError

DIFF_EXAMPLE = """\b
Examples:
  tracker diff jp/ai-basic-plan@latest~1 jp/ai-basic-plan@latest
  tracker diff jp/ai-basic-plan                  # previous -> latest
  tracker diff old.pdf new.docx --format json
  tracker diff A B --all --format html -o diff.html
"""
COMMITMENTS_EXAMPLE = """\b
Example:
  tracker commitments jp/ai-basic-plan@latest --json
"""
THEMES_EXAMPLE = """\b
Example:
  tracker themes jp/ai-basic-plan
"""

language_option = click.option(
    "--language", help="Language of the texts (en, ja, ...); detected when not given."
)


@dataclass(frozen=True)
class _Loaded:
    text: str
    side: Any
    known_language: str | None
    lexicon_overrides: Any
    normalized: bool = True
    file: Any = None  # the FileText read: its language is detected only when asked for

    @property
    def language(self) -> str | None:
        return self.file.language if self.file is not None else self.known_language


class _Sources:
    """Loads each argument as a file or a revision, finding the corpus only when needed."""

    def __init__(self, corpus_path: Path | None, language: str | None) -> None:
        self.corpus_path = corpus_path
        self.language = language
        self._corpus: Any = None

    def corpus(self) -> Any:
        if self._corpus is None:
            self._corpus = open_corpus(self.corpus_path)
        return self._corpus

    def load(self, arg: str) -> _Loaded:
        from tracker.diff import Side

        path = Path(arg).expanduser()
        if path.is_file():
            from tracker.ingest.files import read_file

            read = read_file(path, self.language)
            return _Loaded(read.text, Side(arg), None, None, read.normalized, read)
        if path.is_dir():
            raise TrackerError(f"{arg} is a folder; give a file or a revision reference such as DOC@latest")
        if "@" not in arg and "/" not in arg and path.suffix:
            raise TrackerError(f"no such file: {arg}")
        corpus = self.corpus()
        revision = corpus.resolve(arg)
        document = corpus.document(revision.doc_id)
        side = Side(revision.ref, str(revision.date), revision.label)
        settings = getattr(corpus, "settings", {}) or {}
        return _Loaded(
            corpus.text(revision), side, self.language or document.language, settings.get("themes")
        )

    def previous_and_latest(self, doc_id: str) -> tuple[str, str]:
        timeline = self.corpus().timeline(doc_id, include_technical=False)
        if len(timeline) < 2:
            count = len(timeline)
            raise BadReference(
                f"{doc_id} has {count} revision{'s' if count != 1 else ''}; a diff needs two "
                "(give two references or files)"
            )
        return timeline[-2].ref, timeline[-1].ref


def _lexicon(overrides: Any) -> Any:
    if not overrides:
        return None
    from tracker.commitments import load_lexicon

    return load_lexicon(overrides)


@click.command("diff", epilog=DIFF_EXAMPLE, short_help="Which commitments changed between two versions.")
@click.argument("a")
@click.argument("b", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["term", "json", "md", "html"]),
    help="Output format (default: term; colours only on a terminal).",
)
@click.option("--all", "full_text", is_flag=True, help="Also show the full text with a word-level redline.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when the versions differ (for scripts).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of stdout.",
)
@language_option
@corpus_option
def diff_command(
    a: str,
    b: str | None,
    fmt: str | None,
    full_text: bool,
    exit_zero: bool,
    output: Path | None,
    language: str | None,
    corpus_path: Path | None,
) -> None:
    """Compare two revisions or two files and list the commitment changes.

    A and B are revision references (DOC@latest, DOC@latest~1, DOC@3, DOC@2025-12-23,
    DOC@label) or files (PDF, DOCX, HTML, Markdown, text). With only A, a document id,
    the previous revision is compared with the latest. Exit status as diff(1): 0 no
    differences, 1 differences, 2 trouble.
    """
    try:
        with paused_cyclic_gc():  # the differ's imports, the diff and its rendering: see tracker.collector
            report = _diff(a, b, language, corpus_path)
            from tracker.render import render

            to_terminal = output is None and sys.stdout.isatty()
            text = render(
                report,
                fmt or "term",
                full_text=full_text,
                color=to_terminal,
                width=_width(to_terminal),
            )
            if output is not None:
                output.write_text(text, encoding="utf-8")
            else:
                click.echo(text, nl=False)
    except TrackerError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    sys.exit(1 if report.has_differences and not exit_zero else 0)


def _diff(a: str, b: str | None, language: str | None, corpus_path: Path | None) -> Any:
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
    lexicon = _lexicon(new.lexicon_overrides or old.lexicon_overrides)
    return diff_texts(
        old.text,
        new.text,
        before_side=old.side,
        after_side=new.side,
        language=lang,
        lexicon=lexicon,
        normalized=old.normalized and new.normalized,
    )


def _width(terminal: bool) -> int:
    if not terminal:
        return 100
    import shutil

    return max(60, min(140, shutil.get_terminal_size((100, 24)).columns))


@click.command(
    "commitments", epilog=COMMITMENTS_EXAMPLE, short_help="Every commitment of one revision or file."
)
@click.argument("ref")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@language_option
@corpus_option
def commitments_command(ref: str, as_json: bool, language: str | None, corpus_path: Path | None) -> None:
    """List every commitment of REF (a revision reference or a file): strength, actor, targets, themes."""
    from tracker.diff.inventory import inventory

    loaded = _Sources(corpus_path, language).load(ref)
    result = inventory(loaded.text, loaded.language, _lexicon(loaded.lexicon_overrides))
    if as_json:
        payload = {"ref": loaded.side.ref, **result.to_dict()}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    from tracker.render.term import render_commitments

    tty = sys.stdout.isatty()
    click.echo(render_commitments(result, color=tty, width=_width(tty)), nl=False)


@click.command("themes", epilog=THEMES_EXAMPLE, short_help="Theme weights across a document's timeline.")
@click.argument("doc_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@corpus_option
def themes_command(doc_id: str, as_json: bool, corpus_path: Path | None) -> None:
    """Show how the weight of every theme moved across DOC_ID's revisions (strength-weighted)."""
    from tracker.diff.inventory import inventory

    sources = _Sources(corpus_path, None)
    corpus = sources.corpus()
    document = corpus.document(doc_id)
    settings = getattr(corpus, "settings", {}) or {}
    lexicon = _lexicon(settings.get("themes"))
    rows = []
    for revision in corpus.timeline(doc_id, include_technical=False):
        result = inventory(corpus.text(revision), document.language, lexicon)
        rows.append((revision, result))
    if as_json:
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
    from tracker.render.term import render_theme_timeline

    tty = sys.stdout.isatty()
    text = render_theme_timeline(doc_id, rows, color=tty, width=_width(tty))
    click.echo(text, nl=False)


COMMANDS: list[click.Command] = [diff_command, commitments_command, themes_command]
