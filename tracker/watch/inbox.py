"""The inbox's naming rules: which files to take, and which document and date each one is.

The inbox mirrors document ids (`<inbox>/<jurisdiction>/<slug>/`); a file name
carries the revision date and an optional label (`2026-06-30--revised-draft.pdf`);
an optional TOML sidecar (`<file>.toml`) adds label, status, source URL, title,
language (and the date, when the name cannot carry it). Anything unclear raises
`DropRejected` whose message says exactly what is missing, so the file can be
moved to `_rejected/` with that reason instead of being dropped silently.
"""

from __future__ import annotations

import datetime
import difflib
import os
import re
import stat
import tomllib
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tracker.errors import TrackerError

DONE_DIR = "_done"
REJECTED_DIR = "_rejected"
SIDECAR_SUFFIX = ".toml"
REASON_SUFFIX = ".reason.txt"
STATUSES = ("draft", "consultation", "adopted", "amended", "withdrawn")
SIDECAR_KEYS = ("label", "status", "source_url", "title", "language", "date")
MAX_SIDECAR_BYTES = 64 * 1024

# Names that browsers, office suites, editors and copy tools use while a file is
# still being written, plus desktop litter. Never read; the final name arrives later.
_PARTIAL_SUFFIXES = (
    ".part", ".partial", ".crdownload", ".download", ".tmp", ".temp", ".swp", ".swo", ".swx",
    ".swn", ".bak", ".lock", ".filepart", ".opdownload", ".!ut", ".!qb",
)
_LITTER_NAMES = frozenset({"thumbs.db", "desktop.ini", "4913"})  # 4913: vim's write probe
# Characters that reorder or hide text (bidi overrides, embeddings, isolates, marks): in a file name
# they make "2026-05-27--draft\u202efdp.md" show as something else in labels, commits and pages.
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Invisible characters a label derived from a name loses (they join or split words unseen).
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_UNSHOWN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_DATED_NAME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})(?:(?:--|[-_ ])(?P<label>.+))?$")
_LOOKS_DATED = re.compile(r"^\d{4}-?\d{1,2}-?\d{1,2}")


class DropRejected(TrackerError):
    """A dropped file that cannot be recorded; the message is the `.reason.txt` text."""


@dataclass(frozen=True)
class Drop:
    """One file in the inbox, read as: which document, which date, which label."""

    path: Path
    relpath: str                  # POSIX path relative to the inbox, e.g. "jp/ai-basic-plan/2026-06-30.pdf"
    doc_id: str                   # "jp/ai-basic-plan"
    date: datetime.date
    label: str
    status: str | None            # None: the corpus default
    source_url: str | None
    title: str | None
    language: str | None
    sidecar: Path | None


def is_ignored_name(name: str) -> bool:
    """True for temporary, partial, hidden and editor files that must never be read."""
    lower = name.lower()
    if not name or name.startswith((".", "~", "#")) or name.endswith(("~", "#")):
        return True
    if lower in _LITTER_NAMES:
        return True
    return lower.endswith(_PARTIAL_SUFFIXES)


def shown(text: str) -> str:
    """A name as it may be printed, logged and put in JSON: bytes that are not UTF-8 (decoded by
    Python as lone surrogates) become `\\xNN`; control, format (bidi, zero-width) and line-separator
    characters become `\\uNNNN`."""
    out = []
    for char in text:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:
            out.append(f"\\x{code - 0xDC00:02x}")
        elif unicodedata.category(char) in _UNSHOWN:
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(char)
    return "".join(out)


def name_problem(relpath: str) -> str | None:
    """Why a path in the inbox cannot be taken as written, or None: names that are not UTF-8, or that
    hold control or bidi characters, would break log lines and JSON, or show one thing and be another."""
    if any(0xDC80 <= ord(char) <= 0xDCFF for char in relpath):
        return ("the file name is not valid UTF-8, so it cannot be shown or recorded as written; "
                "rename it using UTF-8 characters")
    for char in relpath:
        if char in _BIDI_CONTROLS:
            return (f"the file name holds the invisible direction control U+{ord(char):04X}, which makes a "
                    "name display differently from what it is; rename it without it")
        if unicodedata.category(char) in ("Cc", "Zl", "Zp"):
            return (f"the file name holds the control character U+{ord(char):04X} (a line break, tab or "
                    "similar); rename it without it")
    return None


def is_sidecar(path: Path) -> bool:
    """A `<file>.toml` sidecar describes another file; it is never recorded on its own."""
    name = path.name
    return name.endswith(SIDECAR_SUFFIX) and "." in name[: -len(SIDECAR_SUFFIX)]


def sidecar_for(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR_SUFFIX)


def owner_of_sidecar(path: Path) -> Path:
    return path.with_name(path.name[: -len(SIDECAR_SUFFIX)])


def candidate(inbox: Path, path: Path) -> Path | None:
    """The inbox file an event on `path` concerns (a sidecar maps to its file), or None to ignore it.

    Ignores anything outside the inbox, under `_done/`, `_rejected/` or any hidden or
    `_`-prefixed folder, and temporary names. A path under a linked folder concerns the link
    itself (it is refused, and nothing behind it is read).
    """
    try:
        rel = path.relative_to(inbox)
    except ValueError:
        return None
    parts = rel.parts
    if not parts:
        return None
    if any(part.startswith((".", "_")) for part in parts[:-1]):
        return None
    for depth in range(1, len(parts)):
        folder = inbox.joinpath(*parts[:depth])
        if folder.is_symlink():
            return None if is_ignored_name(folder.name) else folder
    if is_ignored_name(parts[-1]) or parts[-1].endswith(REASON_SUFFIX):
        return None
    if is_sidecar(path):
        owner = owner_of_sidecar(path)
        return None if is_ignored_name(owner.name) else owner
    return path


def pending_files(inbox: Path) -> list[Path]:
    """Every file waiting in the inbox (those that arrived while no watcher ran), in a stable order."""
    found: set[Path] = set()
    for path in _walk(inbox):
        picked = candidate(inbox, path)
        if picked is not None and os.path.lexists(picked):
            found.add(picked)
    return sorted(found, key=lambda p: p.relative_to(inbox).as_posix())


def _walk(folder: Path) -> Iterator[Path]:
    """Every entry that is not a real folder (files, links of any kind, pipes...), never through a link:
    what cannot be recorded must still be seen, to be refused with a reason."""
    try:
        entries = sorted(folder.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        if entry.is_dir() and not entry.is_symlink():
            if not entry.name.startswith((".", "_")):
                yield from _walk(entry)
        else:
            yield entry


def kind_problem(path: Path) -> str | None:
    """Why an inbox entry is not a file the watcher may read, or None. Links are refused, whatever they
    point to: a link would make the watcher record (and publish) a file from outside the inbox."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(mode):
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return (f"it is a symbolic link (to {shown(target)}); the inbox takes only regular files, never "
                "anything outside it: copy the file itself into the inbox")
    if not stat.S_ISREG(mode):
        return "it is not a regular file (a pipe, socket or device); copy a document file into the inbox"
    return None


def read_drop(inbox: Path, path: Path) -> Drop:
    """Read which document, date and label a dropped file is; raises DropRejected saying what is missing."""
    rel = path.relative_to(inbox)
    relpath = rel.as_posix()
    sidecar_path = sidecar_for(path)
    has_sidecar = os.path.lexists(sidecar_path)
    if has_sidecar and (problem := kind_problem(sidecar_path)) is not None:
        raise DropRejected(f"its sidecar {shown(sidecar_path.name)}: {problem}")
    sidecar = _read_sidecar(sidecar_path) if has_sidecar else {}

    if len(rel.parts) != 3:
        raise DropRejected(
            f"the inbox mirrors document ids, so a file must sit in "
            f"<inbox>/<jurisdiction>/<slug>/ (for example <inbox>/jp/ai-basic-plan/{rel.name}); "
            f"this one is {len(rel.parts) - 1} folder(s) deep"
        )
    doc_id = "/".join(rel.parts[:2])
    stem = unicodedata.normalize("NFC", path.stem if path.suffix else path.name)
    if not path.suffix:
        raise DropRejected("the file name has no extension, so its format is unknown "
                           "(expected .pdf, .docx, .html, .md or .txt)")

    match = _DATED_NAME.match(stem)
    date: datetime.date | None = None
    name_label: str | None = None
    if match:
        date = _parse_date(match["date"], "the file name's date")
        name_label = _label_from_slug(match["label"]) if match["label"] else None
    elif _LOOKS_DATED.match(stem):
        raise DropRejected("the file name's date is not written YYYY-MM-DD "
                           f"(rename it to YYYY-MM-DD--{_slug_hint(stem)}{path.suffix}, "
                           "the date the text was issued)")
    if "date" in sidecar:
        side_date = _sidecar_date(sidecar["date"], sidecar_path.name)
        if date is not None and side_date != date:
            raise DropRejected(f"the file name says {date.isoformat()} but "
                               f"{sidecar_path.name} says date = {side_date.isoformat()}; make them agree")
        date = side_date
    if date is None:
        where = f"and {sidecar_path.name} has no `date`" if has_sidecar else \
            f"and there is no sidecar {sidecar_path.name} giving `date`"
        raise DropRejected(f"the revision date is missing: the file name does not start with "
                           f"YYYY-MM-DD {where}; rename it to YYYY-MM-DD--{_slug_hint(stem)}{path.suffix} "
                           "(the date the text was issued)")

    for key, value in sidecar.items():
        if _BIDI_CONTROLS.intersection(value):
            raise DropRejected(f"{sidecar_path.name}: {key} holds an invisible direction control "
                               "(U+202E or similar) that makes it display differently; remove it")
        if any(unicodedata.category(char) == "Cc" for char in value):
            raise DropRejected(f"{sidecar_path.name}: {key} holds a control character; remove it")
    label = (sidecar.get("label") or name_label or "").translate(_ZERO_WIDTH).strip()
    if not label:
        label = "Revision"
    status = sidecar.get("status")
    if status is not None and status not in STATUSES:
        raise DropRejected(f"{sidecar_path.name} has status = {status!r}; "
                           f"expected one of {', '.join(STATUSES)}")
    return Drop(
        path=path, relpath=relpath, doc_id=doc_id, date=date, label=label, status=status,
        source_url=sidecar.get("source_url"), title=sidecar.get("title"),
        language=sidecar.get("language"), sidecar=sidecar_path if has_sidecar else None,
    )


def _read_sidecar(path: Path) -> dict[str, str]:
    name = shown(path.name)
    try:
        data: Mapping[str, Any] = tomllib.loads(_read_no_follow(path, MAX_SIDECAR_BYTES).decode("utf-8"))
    except OSError as exc:
        raise DropRejected(f"{name}: the sidecar cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise DropRejected(f"{name}: the sidecar is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise DropRejected(f"{name}: the sidecar is not valid TOML ({exc})") from None
    out: dict[str, str] = {}
    for key, value in data.items():
        if key not in SIDECAR_KEYS:
            close = difflib.get_close_matches(key, SIDECAR_KEYS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise DropRejected(f"{name}: unknown key {key!r}{hint}; "
                               f"a sidecar may give {', '.join(SIDECAR_KEYS)}")
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime) and key == "date":
            out[key] = value.isoformat()
        elif isinstance(value, str) and value.strip():
            out[key] = " ".join(value.split())
        else:
            raise DropRejected(f"{name}: {key} must be a non-empty string, not {value!r}")
    return out


def _read_no_follow(path: Path, limit: int) -> bytes:
    """A small file's bytes, refusing a link swapped in since it was checked (O_NOFOLLOW)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise DropRejected(f"{shown(path.name)}: the sidecar is not a regular file")
        data = os.read(fd, limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise DropRejected(f"{shown(path.name)}: the sidecar is larger than {limit // 1024} KiB; "
                           "a sidecar holds a few lines of TOML")
    return data


def _sidecar_date(value: str, sidecar_name: str) -> datetime.date:
    return _parse_date(value, f"{sidecar_name}: date")


def _parse_date(text: str, what: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise DropRejected(f"{what} {text!r} is not a calendar date (YYYY-MM-DD)") from None


def _label_from_slug(slug: str) -> str:
    """`revised-draft` -> `Revised draft`; labels in other scripts are kept as written."""
    words = " ".join(re.split(r"[-_\s]+", slug.strip("-_ "))).strip()
    return words[:1].upper() + words[1:] if words else ""


def _slug_hint(stem: str) -> str:
    slug = re.sub(r"[^\w]+", "-", _LOOKS_DATED.sub("", stem)).strip("-").lower()
    return slug or "label"
