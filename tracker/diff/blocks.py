"""The full-text view: every aligned block with its status and word-level redline.

Built from the sentence alignment, in the order of the newer text; removed
sentences appear right after the text that preceded them, headings where they stand.
"""

from __future__ import annotations

from tracker.diff.align import Alignment, SentencePair
from tracker.diff.parse import Block, ParsedDocument
from tracker.diff.redline import redline
from tracker.diff.report import BlockDiff, RedlineOp


def block_diffs(before: ParsedDocument, after: ParsedDocument, alignment: Alignment) -> tuple[BlockDiff, ...]:
    """One BlockDiff per block of the newer text, plus one per wholly removed run of text."""
    out: list[BlockDiff] = []
    renamed_from = {new: old for old, new in alignment.section_map.items()}
    headings = [b for b in after.blocks if b.kind == "heading"]
    next_heading = 0
    group: list[SentencePair] = []
    group_key: tuple[str, int] | None = None

    def flush() -> None:
        if group:
            out.append(_block(before, after, alignment, group))

    for pair in alignment.pairs:
        if pair.after:
            key = ("after", after.sentences[pair.after[0]].block)
        else:
            key = ("removed", before.sentences[pair.before[0]].block)
        if key[0] == "after":
            while next_heading < len(headings) and headings[next_heading].index < key[1]:
                if key != group_key:
                    flush()
                    group, group_key = [], None
                out.append(_heading(before, headings[next_heading], renamed_from))
                next_heading += 1
        if key != group_key and not _same_paragraph(before, group, pair):
            flush()
            group, group_key = [], key
        group.append(pair)
    flush()
    for heading in headings[next_heading:]:
        out.append(_heading(before, heading, renamed_from))
    return tuple(out)


def _same_paragraph(before: ParsedDocument, group: list[SentencePair], pair: SentencePair) -> bool:
    """A sentence removed from inside a paragraph stays in that paragraph's block."""
    if pair.after or not group or not group[-1].before:
        return False
    return before.sentences[group[-1].before[-1]].block == before.sentences[pair.before[0]].block


def _heading(before: ParsedDocument, block: Block, renamed_from: dict[int, int]) -> BlockDiff:
    old_index = renamed_from.get(block.section)
    if old_index is None:
        return BlockDiff("added", "heading", (), None, block.lines, (("+", block.text),))
    old = before.sections[old_index]
    line = (old.line, old.line)
    status = "same" if old.title == block.text else "edited"
    return BlockDiff(status, "heading", (), line, block.lines, redline(old.title, block.text))


def _block(
    before: ParsedDocument, after: ParsedDocument, alignment: Alignment, pairs: list[SentencePair]
) -> BlockDiff:
    ops: list[RedlineOp] = []
    statuses: set[str] = set()
    for n, pair in enumerate(pairs):
        old = _joined(before, pair.before)
        new = _joined(after, pair.after)
        if n:
            sep = "=" if pair.before and pair.after else ("+" if pair.after else "-")
            ops.append((sep, " "))
        ops.extend(redline(old, new))
        status = pair.status
        if status in ("same", "edited", "split", "merged") and alignment.is_moved(before, after, pair):
            status = "moved"
        statuses.add(status)
    if pairs[0].after:
        block = after.blocks[after.sentences[pairs[0].after[0]].block]
        section = after.section_path(block.section)
        after_lines: tuple[int, int] | None = block.lines
        kind = block.kind
    else:
        old_block = before.blocks[before.sentences[pairs[0].before[0]].block]
        section = before.section_path(old_block.section)
        after_lines = None
        kind = old_block.kind
    before_lines = [before.sentences[i].lines for p in pairs for i in p.before]
    return BlockDiff(
        status=_status(statuses),
        kind=kind,
        section=section,
        before_lines=(min(a for a, _ in before_lines), max(b for _, b in before_lines))
        if before_lines
        else None,
        after_lines=after_lines,
        redline=tuple(_merge(ops)),
    )


def _joined(doc: ParsedDocument, indices: tuple[int, ...]) -> str:
    """The text of the sentences at `indices`, joined with spaces (one sentence: its text itself)."""
    if len(indices) == 1:
        return doc.sentences[indices[0]].text
    return " ".join(doc.sentences[i].text for i in indices)


def _status(statuses: set[str]) -> str:
    if len(statuses) == 1:
        return next(iter(statuses))
    if statuses <= {"same", "moved"}:
        return "moved"
    return "edited"


def _merge(ops: list[RedlineOp]) -> list[RedlineOp]:
    out: list[RedlineOp] = []
    for op, text in ops:
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))
    return out
