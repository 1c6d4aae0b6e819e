"""The `tracker` command: a thin click layer over the library.

Each area registers its commands from its own module (corpus, diff, site, watch),
so the CLI stays a table of contents. Data goes to stdout, progress and logs to
stderr; a TrackerError becomes one line on stderr and exit status 1.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from tracker import __version__
from tracker.errors import TrackerError


class TrackerGroup(click.Group):
    """A click group that turns user-facing errors into one line, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TrackerError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)


@click.group(cls=TrackerGroup, epilog="Example: tracker diff jp/ai-basic-plan")
@click.version_option(__version__, prog_name="tracker")
def main() -> None:
    """Keep every revision of national AI plans and see which commitments changed."""


def _register() -> None:
    from tracker.cli import check_commands, corpus_commands, diff_commands, site_commands, watch_commands

    for module in (corpus_commands, watch_commands, diff_commands, check_commands, site_commands):
        for command in module.COMMANDS:
            main.add_command(command)


_register()
