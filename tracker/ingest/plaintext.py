"""Plain text to blocks: paragraphs from blank lines, headings and lists from numbering."""

from __future__ import annotations

from tracker.ingest.blocks import Block
from tracker.ingest.structure import TextLine, blocks_from_lines, is_page_number

# Files whose typical line is this long keep one paragraph per line (no hard wrapping).
_UNWRAPPED_MEDIAN_CHARS = 160


def parse_text(text: str) -> list[Block]:
    """Blocks of a plain-text document (already Unicode-normalized)."""
    raw = text.split("\n")
    lines: list[TextLine] = []
    pending_break = False
    for index, line in enumerate(raw):
        stripped = line.strip()
        if not stripped:
            pending_break = True
            continue
        if is_page_number(stripped) and _blank_around(raw, index):
            pending_break = True
            continue
        lines.append(TextLine(stripped, break_before=pending_break))
        pending_break = False
    if not lines:
        return []
    lengths = sorted(len(line.text) for line in lines)
    unwrapped = lengths[len(lengths) // 2] >= _UNWRAPPED_MEDIAN_CHARS
    return blocks_from_lines(lines, lines_are_paragraphs=unwrapped, first_line_title=True)


def _blank_around(raw: list[str], index: int) -> bool:
    before = raw[index - 1].strip() if index > 0 else ""
    after = raw[index + 1].strip() if index + 1 < len(raw) else ""
    return not before or not after
