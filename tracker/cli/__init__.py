"""The `tracker` command: a thin click layer over the library.

Each area registers its commands from its own module (corpus, diff, site, watch),
so the CLI stays a table of contents. Data goes to stdout, progress and logs to
stderr; a TrackerError, or an error of the file system (a folder that cannot be
created, a disk that is full), becomes one line on stderr and exit status 1 (2 for
`tracker diff`, whose 1 means "differences" as in diff(1)). Usage errors exit 2.
"""

from __future__ import annotations

import errno
import importlib
import sys
from typing import Any

import click

from tracker import __version__
from tracker.errors import TrackerError

# Command modules, in the order they are searched for a command name: running one
# command imports only the modules up to the one that has it (corpus commands first,
# so `tracker log` does not pay for the differ's, the site's or the watcher's imports; the diff
# commands, whose module defers the differ itself, before the watcher's).
_COMMAND_MODULES = (
    "tracker.cli.corpus_commands",
    "tracker.cli.diff_commands",
    "tracker.cli.watch_commands",
    "tracker.cli.check_commands",
    "tracker.cli.site_commands",
)

# Commands whose exit status follows diff(1): 1 means "the versions differ", so trouble is 2.
_TROUBLE_EXIT_CODES = {"diff": 2}


class TrackerGroup(click.Group):
    """A click group that turns user-facing errors into one line, never a traceback.

    Commands are registered lazily, module by module, from `_COMMAND_MODULES`
    (each exports `COMMANDS: list[click.Command]`).
    """

    _loaded = 0  # how many of _COMMAND_MODULES have been imported and registered

    def _load_next(self) -> bool:
        if self._loaded >= len(_COMMAND_MODULES):
            return False
        module = importlib.import_module(_COMMAND_MODULES[self._loaded])
        self._loaded += 1
        for command in module.COMMANDS:
            self.add_command(command)
        return True

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        while cmd_name not in self.commands and self._load_next():
            pass
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        while self._load_next():
            pass
        return super().list_commands(ctx)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TrackerError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                raise  # stdout closed by the reader (`tracker log | head`): click exits quietly
            click.echo(f"error: {describe_os_error(exc)}", err=True)
            sys.exit(_TROUBLE_EXIT_CODES.get(ctx.invoked_subcommand or "", 1))


def describe_os_error(exc: OSError) -> str:
    """One line for a file-system error: which path, what went wrong, what to check."""
    what = exc.strerror or str(exc) or type(exc).__name__
    where = " -> ".join(str(name) for name in (exc.filename, exc.filename2) if name is not None)
    if not where:
        return " ".join(f"{what} (operating system error {exc.errno})".split())
    return " ".join(f"cannot use {where}: {what}; check the path, its permissions and the free space".split())


@click.group(cls=TrackerGroup, epilog="Example: tracker diff jp/ai-basic-plan")
@click.version_option(__version__, prog_name="tracker")
def main() -> None:
    """Keep every revision of national AI plans and see which commitments changed."""


def run() -> None:
    """The `tracker` console command: generated methods from the code cache, `main`, then an exit
    that may skip teardown (tracker.code_cache, tracker.cli.process_exit)."""
    from tracker import code_cache
    from tracker.cli.process_exit import exit_process

    code_cache.install()  # before a command imports the modules that define dataclasses
    try:
        main()
    except SystemExit as exc:
        exit_process(exc.code)
    exit_process(0)
