"""A document's `document.toml`: reading it into a Document, merging what `tracker add` or
`tracker meta` says, and the one definition of a sound table that `add`, `meta` and `check` share.

Known keys are title, jurisdiction, language, issuer, series, illustrative and
source_url; any other key is kept as it is and shows up in `Document.extra`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from tracker.corpus.model import Document
from tracker.corpus.validate import check_language, check_line, check_url
from tracker.errors import CorpusError, TrackerError

KNOWN_KEYS = ("title", "jurisdiction", "language", "issuer", "series", "illustrative", "source_url")
REQUIRED_KEYS = ("title", "jurisdiction", "language")
"""What every document needs: `tracker add` and `tracker meta` refuse a table without them, and
`tracker check` reports one. Each can be given on the command line, and add fills in what it can
(the id's jurisdiction, the source's first heading, the detected language)."""
_KEY = re.compile(r"[a-z][a-z0-9_]*")


def parse_document_toml(doc_id: str, data: bytes) -> dict[str, Any]:
    import tomllib  # imported when a document.toml is read: `tracker log` and `show` never do

    try:
        parsed = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CorpusError(f"documents/{doc_id}/document.toml is not valid TOML: {exc}") from None
    return parsed


def to_document(doc_id: str, table: Mapping[str, Any]) -> Document:
    """A Document from a parsed document.toml, with defaults for what it leaves out."""
    jurisdiction, _, slug = doc_id.partition("/")

    def text(key: str) -> str | None:
        value = table.get(key)
        return str(value) if value not in (None, "") else None

    return Document(
        id=doc_id,
        title=text("title") or slug.replace("-", " ").capitalize(),
        jurisdiction=text("jurisdiction") or jurisdiction.upper(),
        language=text("language") or "und",
        issuer=text("issuer"),
        series=text("series"),
        illustrative=bool(table.get("illustrative", False)),
        source_url=text("source_url"),
        extra=MappingProxyType({k: v for k, v in table.items() if k not in KNOWN_KEYS}),
    )


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "yes", "1"):
        return True
    if text in ("false", "no", "0"):
        return False
    raise TrackerError(f"invalid illustrative value {value!r}: use true or false")


def merge_metadata(
    doc_id: str,
    existing: Mapping[str, Any] | None,
    updates: Mapping[str, Any],
    *,
    detected_language: str | None = None,
    detected_title: str | None = None,
) -> dict[str, Any]:
    """The document.toml table after an add: existing keys, overridden by what the user passed.

    A new document gets its title from the source's first heading and its
    language from detection when the user gave none.
    """
    table: dict[str, Any] = dict(existing or {})
    prefix = doc_id.split("/", 1)[0]
    for key, value in updates.items():
        if value is None:
            continue
        if not _KEY.fullmatch(key):
            raise TrackerError(f"invalid metadata key {key!r}: use lower-case letters, digits and '_'")
        if key == "illustrative":
            table[key] = _flag(value)
        elif key == "language":
            table[key] = check_language(str(value))
        elif key == "source_url":
            table[key] = check_url(str(value))
        elif key == "jurisdiction":
            jurisdiction = check_line(str(value), "jurisdiction", max_length=40).upper()
            if jurisdiction.lower() != prefix:
                raise TrackerError(
                    f"jurisdiction {jurisdiction} does not match document id {doc_id}: "
                    f"ids start with the jurisdiction (e.g. {jurisdiction.lower()}/{doc_id.split('/', 1)[1]})"
                )
            table[key] = jurisdiction
        else:
            table[key] = check_line(str(value), key, max_length=500)
    if existing is None:
        table.setdefault("jurisdiction", prefix.upper())
        if detected_title:
            table.setdefault("title", check_line(detected_title, "title", max_length=500))
        if detected_language and detected_language != "und":
            table.setdefault("language", detected_language)
    ordered = {key: table[key] for key in KNOWN_KEYS if key in table}
    ordered.update({key: table[key] for key in sorted(table) if key not in KNOWN_KEYS})
    return ordered


def problems(doc_id: str, table: Mapping[str, Any], *, new: bool = False) -> list[tuple[str, str]]:
    """(code, message) for each way a document.toml table falls short; empty when it is sound.

    `new`: the table of a document `tracker add` is about to create (the fix is an add option).
    """
    where = f"documents/{doc_id}/document.toml"
    found: list[tuple[str, str]] = []
    missing = [key for key in REQUIRED_KEYS if not str(table.get(key) or "").strip()]
    if missing:
        options = " ".join(f"--{key} ..." for key in missing)
        found.append((
            "metadata-incomplete",
            f"the new document {doc_id} needs {', '.join(missing)} (not found in the source); "
            f"pass {options} to tracker add" if new else
            f"{where} has no {', '.join(missing)}; record it with: tracker meta {doc_id} {options}",
        ))
    prefix = doc_id.split("/", 1)[0]
    jurisdiction = str(table.get("jurisdiction") or "")
    if jurisdiction and jurisdiction.lower() != prefix:
        found.append((
            "metadata-inconsistent",
            f"{where} says jurisdiction {jurisdiction}, but the id starts with {prefix}",
        ))
    if "illustrative" in table and not isinstance(table["illustrative"], bool):
        found.append((
            "metadata-invalid",
            f"{where}: illustrative must be true or false, not {table['illustrative']!r}",
        ))
    url = table.get("source_url")
    if url and not str(url).startswith(("https://", "http://")):
        found.append(("metadata-invalid", f"{where}: source_url {url!r} is not a web address"))
    return found


def require_sound(doc_id: str, table: Mapping[str, Any], *, new: bool = False) -> None:
    """Raise the first of `problems` as a TrackerError, before anything is written."""
    found = problems(doc_id, table, new=new)
    if found:
        raise TrackerError(found[0][1])


def dump_document_toml(table: Mapping[str, Any]) -> bytes:
    import tomli_w  # imported when writing

    return tomli_w.dumps(dict(table)).encode("utf-8")
