"""Commands that create and read a corpus: init, add, log, ls, show."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
