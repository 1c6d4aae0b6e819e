"""Bytes to text: UTF-8/UTF-16 first, then charset-normalizer for legacy encodings (Shift_JIS, cp1252)."""

from __future__ import annotations

import codecs

from tracker.errors import IngestError
from tracker.regex_cache import compile_regex

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Share of control characters above which decoded "text" is really binary data.
_MAX_CONTROL_SHARE = 0.01
_CONTROL = compile_regex(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode_text(data: bytes, name: str = "input") -> str:
    """The text in `data`; raises IngestError for binary data or an encoding that cannot be found."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), name)
            except UnicodeDecodeError as exc:
                raise IngestError(
                    f"{name}: starts with a {encoding} byte-order mark but is not {encoding}"
                ) from exc
    if b"\x00" in data[:4096]:
        raise IngestError(f"{name}: binary data, not a text document")
    try:
        return _checked(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # only for legacy encodings: a slow import

    best = from_bytes(data).best()
    if best is None:
        raise IngestError(f"{name}: binary data or an unknown text encoding; convert it to UTF-8")
    return _checked(str(best), name)


def _checked(text: str, name: str) -> str:
    sample = text[:20000]
    controls = len(_CONTROL.findall(sample))
    if sample and controls / len(sample) > _MAX_CONTROL_SHARE:
        raise IngestError(f"{name}: binary data, not a text document")
    return text
