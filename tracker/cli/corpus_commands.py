"""Commands that create and read a corpus: init, add, meta, log, ls, show.

Thin wrappers over `tracker.corpus`: they parse options, call the library and
print. Imports of the corpus (and ingestion, for `add`) happen inside the
commands, so `tracker log` does not pay for the differ, rich or PDF readers.
JSON shapes are documented in docs/cli-json.md.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import click

from tracker.cli.options import corpus_option, open_corpus, output_format_option
from tracker.cli.progress import delayed_status


def _print_json(data: object) -> None:
    import json  # not needed for text output

    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _width(text: str) -> int:
    """Columns text takes in a terminal: wide (CJK) characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table(rows: list[list[str]], right: frozenset[int] = frozenset()) -> str:
    """Align columns; the last column is left ragged, so long titles and labels do not pad."""
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row[:-1]):
            pad = " " * (widths[i] - _width(cell))
            cells.append(pad + cell if i in right else cell + pad)
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines)


@click.command("init", epilog="Example: tracker init ~/ai-plans --title 'National AI plans'")
@click.argument("path", type=click.Path(path_type=Path), default=".")
@click.option("--title", help="The corpus title, shown on the site (default: the folder name).")
def init_command(path: Path, title: str | None) -> None:
    """Create a corpus at PATH: a new git repository, or a folder of the repository PATH is in."""
    from tracker.corpus import Corpus

    corpus = Corpus.init(path, title)
    click.echo(f"created corpus '{corpus.title}' in {corpus.root}")
    click.echo(
        "commands find it when run inside that folder; from elsewhere, give --corpus "
        f"{corpus.root} or set TRACKER_CORPUS={corpus.root}",
        err=True,
    )


@click.command(
    "add",
    epilog="Example: tracker add jp/ai-basic-plan draft.pdf --date 2025-12-23 --label 'Cabinet decision' "
    "--status adopted --title 'AI Basic Plan' --jurisdiction JP --language ja",
)
@click.argument("doc_id", metavar="DOC")
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE")
@click.option("--date", "date_text", required=True, metavar="YYYY-MM-DD", help="Official date.")
@click.option("--label", help='What this revision is, e.g. "Cabinet decision" (default: the status).')
@click.option(
    "--status", default="draft", show_default=True,
    help="draft, consultation, adopted, amended or withdrawn.",
)
@click.option("--source-url", help="Where this revision was published.")
@click.option("--title", help="Document title (first add: default is the source's first heading).")
@click.option("--jurisdiction", help="Document jurisdiction, e.g. JP (default: the id's prefix).")
@click.option("--language", help="Document language, e.g. ja or en (default: detected).")
@click.option("--issuer", help="Who issues the document, e.g. 'Cabinet Office'.")
@click.option("--series", help="A series the document belongs to.")
@click.option("--illustrative", is_flag=True, default=None, help="Mark the document as illustrative.")
@click.option("--author", metavar="'NAME <EMAIL>'", help="Commit author (default: git's).")
@click.option("--technical", is_flag=True, help="A re-normalization, never shown as a policy change.")
@corpus_option
@output_format_option("text", "json")
def add_command(
    doc_id: str,
    source: Path,
    date_text: str,
    label: str | None,
    status: str,
    source_url: str | None,
    title: str | None,
    jurisdiction: str | None,
    language: str | None,
    issuer: str | None,
    series: str | None,
    illustrative: bool | None,
    author: str | None,
    technical: bool,
    corpus_path: Path | None,
    output_format: str,
) -> None:
    """Record FILE (PDF, DOCX, HTML, Markdown, text) as a revision of DOC, creating DOC on first use."""
    from tracker.corpus import parse_date

    date = parse_date(date_text, what="revision date")
    corpus = open_corpus(corpus_path)
    fields = {
        "title": title, "jurisdiction": jurisdiction, "language": language,
        "issuer": issuer, "series": series, "illustrative": "true" if illustrative else None,
    }
    with delayed_status(f"recording {source.name} as a revision of {doc_id}"):
        result = corpus.add(
            doc_id, source, date=date, label=label or status.strip().capitalize(), status=status,
            source_url=source_url, metadata={k: v for k, v in fields.items() if v is not None},
            author=author, technical=technical,
        )
    if output_format == "json":
        revision = result.revision.to_dict() if result.revision else None
        recorded = result.revision is not None
        _print_json({"recorded": recorded, "message": result.message, "revision": revision})
    else:
        click.echo(result.message)


@click.command(
    "meta",
    epilog="Example: tracker meta jp/ai-basic-plan --issuer 'Cabinet Office' --series 'AI plans'",
)
@click.argument("doc_id", metavar="DOC")
@click.option("--title", help="Document title.")
@click.option("--jurisdiction", help="Document jurisdiction, e.g. JP (must match the id's prefix).")
@click.option("--language", help="Document language, e.g. ja or en.")
@click.option("--issuer", help="Who issues the document, e.g. 'Cabinet Office'.")
@click.option("--series", help="A series the document belongs to.")
@click.option("--source-url", help="The document's own web page.")
@click.option(
    "--illustrative/--not-illustrative", default=None, help="Mark the document as illustrative, or not."
)
@click.option("--author", metavar="'NAME <EMAIL>'", help="Commit author (default: git's).")
@corpus_option
@output_format_option("text", "json")
def meta_command(
    doc_id: str,
    title: str | None,
    jurisdiction: str | None,
    language: str | None,
    issuer: str | None,
    series: str | None,
    source_url: str | None,
    illustrative: bool | None,
    author: str | None,
    corpus_path: Path | None,
    output_format: str,
) -> None:
    """Record metadata of DOC (its document.toml) as a commit; with no option, print it.

    Edits made to document.toml by hand are recorded too, after the checks `tracker add`
    and `tracker check` apply.
    """
    corpus = open_corpus(corpus_path)
    fields = {
        "title": title, "jurisdiction": jurisdiction, "language": language, "issuer": issuer,
        "series": series, "source_url": source_url,
        "illustrative": None if illustrative is None else str(illustrative).lower(),
    }
    result = corpus.update_metadata(
        doc_id, {k: v for k, v in fields.items() if v is not None}, author=author
    )
    document = corpus.document(doc_id)
    if output_format == "json":
        _print_json({"recorded": result.commit is not None, "commit": result.commit,
                     "changed": result.changed, "document": document.to_dict()})
        return
    click.echo(result.message, err=True)
    rows = [[key, "" if value is None else str(value)] for key, value in document.to_dict().items()]
    click.echo(_table(rows))


@click.command("log", epilog="Example: tracker log jp/ai-basic-plan --json")
@click.argument("doc_id", metavar="DOC")
@click.option("--no-technical", is_flag=True, help="Leave out technical (re-normalization) revisions.")
@corpus_option
@output_format_option("text", "json")
def log_command(doc_id: str, no_technical: bool, corpus_path: Path | None, output_format: str) -> None:
    """The timeline of DOC, oldest first (by revision date)."""
    corpus = open_corpus(corpus_path)
    timeline = corpus.timeline(doc_id, include_technical=not no_technical)
    if output_format == "json":
        _print_json([rev.to_dict() for rev in timeline])
        return
    if not timeline:
        click.echo(f"{doc_id} has no revisions yet", err=True)
        return
    rows = [["#", "date", "status", "commit", "label"]]
    for rev in timeline:
        label = rev.label + ("  [technical]" if rev.technical else "")
        rows.append([str(rev.index), rev.date.isoformat(), rev.status, rev.short_commit, label])
    click.echo(_table(rows, right=frozenset({0})))


@click.command("ls", epilog="Example: tracker ls --json")
@click.option("--jurisdiction", help="Only documents of this jurisdiction, e.g. JP.")
@corpus_option
@output_format_option("text", "json")
def ls_command(jurisdiction: str | None, corpus_path: Path | None, output_format: str) -> None:
    """The documents in the corpus, with revision counts and latest revision date."""
    corpus = open_corpus(corpus_path)
    timelines = corpus.timelines()
    entries = []
    documents = corpus.documents()
    for document in documents:
        if jurisdiction and document.jurisdiction.lower() != jurisdiction.lower():
            continue
        timeline = timelines.get(document.id, [])
        latest = timeline[-1] if timeline else None
        entry = document.to_dict()
        entry.update({
            "revisions": len(timeline),
            "latest": latest.date.isoformat() if latest else None,
            "latest_label": latest.label if latest else None,
            "latest_status": latest.status if latest else None,
        })
        entries.append(entry)
    if output_format == "json":
        _print_json(entries)
        return
    if not entries:
        if jurisdiction and documents:
            click.echo(f"no document matches --jurisdiction {jurisdiction}", err=True)
        else:
            click.echo("no documents yet; record one with: tracker add DOC FILE --date YYYY-MM-DD", err=True)
        return
    rows = [["document", "revisions", "latest", "lang", "title"]]
    rows += [[e["id"], str(e["revisions"]), e["latest"] or "-", e["language"], e["title"]] for e in entries]
    click.echo(_table(rows, right=frozenset({1})))


@click.command("show", epilog="Example: tracker show jp/ai-basic-plan@latest~1")
@click.argument("ref", metavar="REF")
@corpus_option
@output_format_option("text", "json")
def show_command(ref: str, corpus_path: Path | None, output_format: str) -> None:
    """Print the normalized text of a revision.

    REF is DOC (the latest), DOC@latest, DOC@latest~N, DOC@N (Nth in the
    timeline), DOC@YYYY-MM-DD (the revision in force on that date), DOC@label
    or DOC@commit-prefix.
    """
    corpus = open_corpus(corpus_path)
    revision = corpus.resolve(ref)
    text = corpus.text(revision)
    if output_format == "json":
        _print_json({**revision.to_dict(), "doc_id": revision.doc_id, "text": text})
    else:
        click.echo(text, nl=False)


COMMANDS: list[click.Command] = [
    init_command, add_command, meta_command, log_command, ls_command, show_command,
]
