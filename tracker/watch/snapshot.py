"""Reading a dropped file safely: never through a link, never outside the inbox.

The processor checks what an inbox entry is before reading it, but a file can be
swapped for a link between that check and the read. So the file is opened with
O_NOFOLLOW (a link in its place fails to open), the opened file must be a regular
file whose real path is inside the inbox (a linked folder above it fails), and its
bytes are copied into a private folder while they are hashed: what is recorded is
exactly what was checked and hashed, whatever happens in the inbox meanwhile.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from tracker.watch.inbox import DropRejected, shown

_CHUNK = 1 << 20


@dataclass(frozen=True)
class Snapshot:
    """A private copy of a dropped file (same name, so its format is recognised) and its SHA-256."""

    path: Path
    sha256: str


def take_snapshot(inbox: Path, path: Path, folder: Path, *, max_bytes: int) -> Snapshot:
    """Copy the inbox file `path` into `folder`; DropRejected when it is not a regular file of the inbox
    or is larger than `max_bytes`. Errors writing the copy are raised as they are (OSError)."""
    name = shown(path.name)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise DropRejected("it is a symbolic link; the inbox takes only regular files, never anything "
                               "outside it: copy the file itself into the inbox") from None
        raise DropRejected(f"{name} cannot be read ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise DropRejected("it is not a regular file; copy a document file into the inbox")
        _check_inside(inbox, path, fd)
        if info.st_size > max_bytes:
            raise DropRejected(f"{name} is {_megabytes(info.st_size)}, larger than the "
                               f"{_megabytes(max_bytes)} a document may have; refusing to read it")
        copy = folder / path.name
        digest = hashlib.sha256()
        copied = 0
        with open(copy, "xb") as out:
            while block := _read(fd, name):
                copied += len(block)
                if copied > max_bytes:      # grew since fstat
                    raise DropRejected(f"{name} is larger than the {_megabytes(max_bytes)} a document "
                                       "may have; refusing to read it")
                digest.update(block)
                out.write(block)
    finally:
        os.close(fd)
    return Snapshot(copy, digest.hexdigest())


def _check_inside(inbox: Path, path: Path, fd: int) -> None:
    """The opened file's real path must be inside the inbox: a linked folder above it leads elsewhere."""
    proc = Path(f"/proc/self/fd/{fd}")
    real = Path(os.readlink(proc)) if proc.is_symlink() else path.resolve()
    if not real.is_relative_to(inbox.resolve()):
        raise DropRejected("it lies behind a symbolic link to a folder outside the inbox; the inbox "
                           "takes only regular files in real folders")


def _read(fd: int, name: str) -> bytes:
    try:
        return os.read(fd, _CHUNK)
    except OSError as exc:
        raise DropRejected(f"{name} cannot be read ({exc.strerror or exc})") from None


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size % (1024 * 1024) else f"{size // (1024 * 1024)} MB"
