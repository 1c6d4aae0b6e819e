"""`tracker check`: validate a corpus before publishing it (also run in CI)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from tracker.cli.options import corpus_option, open_corpus, output_format_option


@click.command(
    "check",
    epilog="Example: tracker check --corpus corpus --strict",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too (e.g. a technical revision is due).")
@click.option(
    "--quick", is_flag=True, help="Skip re-normalizing every source (checks metadata and hashes only)."
)
@click.option(
    "--notes", "show_notes", is_flag=True, help="Also list notes (texts kept from older normalizers)."
)
@click.option(
    "--today",
    "today_text",
    metavar="YYYY-MM-DD",
    help="Check revision dates against this day instead of the system clock.",
)
@corpus_option
@output_format_option("text", "json")
def check_command(
    strict: bool,
    quick: bool,
    show_notes: bool,
    today_text: str | None,
    corpus_path: Path | None,
    output_format: str,
) -> None:
    """Check that the corpus is sound: metadata complete, every source present and matching its
    SHA-256, every text reproducible with the current normalizer, no revision dated in the future.

    Exits 1 when there is an error (with --strict, also a warning), so CI can run it.
    """
    from tracker.check import check_corpus, render_text
    from tracker.corpus import parse_date

    today = parse_date(today_text, what="--today") if today_text else None
    corpus = open_corpus(corpus_path)
    report = check_corpus(corpus, today=today, reproduce=not quick)
    if output_format == "json":
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(report, show_notes=show_notes), nl=False)
    if not report.ok(strict=strict):
        raise SystemExit(1)


COMMANDS: list[click.Command] = [check_command]
