"""A comparative text's position: the amended wording, not the wording it quotes.

An amendments table or a synopsis of old and new wording prints, per provision, the
wording being amended and then the amended wording, each run opened by a short label
line (a column header such as "Current text" ... "Proposed text"; the first may be
missing). The text states one provision twice: its position is the amended wording,
and the quoted wording is there for reference. Read as two provisions, the quoted copy
competes with the amended one for a partner in the other version and is reported as
dropped or added on its own; so it is left out of the comparison before alignment.

A section is read this way only on structural evidence that holds for a lawyer:
its body is a run of paragraphs and a second run parted by a short label line, and
the second run restates the first (the same provision amended, not a new topic under
a subheading). Where a pair of label lines opens the two runs in several sections
(the columns of one table), restatement in most of them marks them all, including
entries whose quoted column is empty ("no text") or whose amendment deletes it.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict

from rapidfuzz import fuzz, process

from tracker.diff.parse import Block, ParsedDocument, Sentence

#: Words a label line parting a wording from its amendment may hold ("Text proposed by the Commission").
LABEL_WORDS = 6
#: Characters a label line may hold (a Japanese line has no spaces to count words by).
LABEL_CHARS = 40
#: Ends of a sentence or of a list point: a line ending so states something, it labels nothing.
_SENTENCE_ENDS = (".", ";", ":", ")", "?", "!", "。", "．", "！", "？", "）")
#: Character similarity (0-100) from which a sentence of the second run restates one of the first.
RESTATES_RATIO = 60


@dataclasses.dataclass(frozen=True)
class _Entry:
    """One section's body read as quoted run + amended run, with the label lines that open them."""

    headers: tuple[str, str]  # the first run's label line ("" when there is none) and the second's
    quoted: tuple[Block, ...]
    amended: tuple[Block, ...]


def position(doc: ParsedDocument) -> ParsedDocument:
    """The document without the wording its comparative entries quote (itself when it has none)."""
    quoted = quoted_sentences(doc)
    if not quoted:
        return doc
    renumber: dict[int, int] = {}
    for s in doc.sentences:
        if s.index not in quoted:
            renumber[s.index] = len(renumber)
    # built field by field: dataclasses.replace costs more than the detection itself on a long text
    sentences = tuple(
        Sentence(
            renumber[s.index], s.text, s.key, s.block, s.section, s.lines, s.lead_in, s.label,
            s.outer_lead_ins,
        )
        for s in doc.sentences
        if s.index in renumber
    )
    blocks = tuple(
        Block(
            b.index,
            b.kind,
            b.text,
            b.lines,
            b.section,
            tuple(renumber[i] for i in b.sentences if i in renumber),
            b.lead_in,
            b.number,
        )
        for b in doc.blocks
    )
    return dataclasses.replace(doc, sentences=sentences, blocks=blocks)


def quoted_sentences(doc: ParsedDocument) -> frozenset[int]:
    """The sentences of the wording that comparative entries quote before amending it."""
    candidates = [_entries(body) for body in _bodies(doc)]
    # a table's column headers recur: each body is parted where its label lines are most common
    common = Counter(headers for options in candidates for headers in {e.headers for e in options})
    by_headers: dict[tuple[str, str], list[_Entry]] = defaultdict(list)
    for options in candidates:
        if options:
            entry = max(options, key=lambda e: common[e.headers])  # the first of the most common
            by_headers[entry.headers].append(entry)
    out: set[int] = set()
    for headers, group in by_headers.items():
        both = [e for e in group if _holds_text(e.quoted) and _holds_text(e.amended)]
        restated = [e for e in both if _restates(doc, e.quoted, e.amended)]
        if len(group) > 1 and headers[0] and 2 * len(restated) >= len(both) > 0:
            marked = group  # the columns of one table: every entry under these headers
        else:
            # a lone entry counts on its own evidence: each quoted paragraph is recast after the label
            marked = [e for e in restated if all(_restates(doc, (b,), e.amended) for b in e.quoted)]
        for entry in marked:
            out.update(_sentences(entry.quoted))
    return frozenset(out)


def _bodies(doc: ParsedDocument) -> list[list[Block]]:
    """The text blocks under each heading, in order."""
    bodies: dict[int, list[Block]] = defaultdict(list)
    for block in doc.blocks:
        if block.kind != "heading" and block.sentences:
            bodies[block.section].append(block)
    return [bodies[s] for s in sorted(bodies)]


def _entries(body: list[Block]) -> list[_Entry]:
    """Every way to read the body as [label] quoted-run label amended-run, earliest part first."""
    if len(body) < 3:
        return []
    opener = _is_label(body[0])
    start = 1 if opener else 0
    first = body[0].text if opener else ""
    return [
        _Entry((first, body[cut].text), tuple(body[start:cut]), tuple(body[cut + 1 :]))
        for cut in range(start + 1, len(body) - 1)
        if _is_label(body[cut])
    ]


def _is_label(block: Block) -> bool:
    """A short line with no sentence end: a column header, not a provision."""
    text = block.text.strip()
    return (
        block.kind == "paragraph"
        and len(text) <= LABEL_CHARS
        and len(text.split()) <= LABEL_WORDS
        and not text.endswith(_SENTENCE_ENDS)
    )


def _holds_text(blocks: tuple[Block, ...]) -> bool:
    """Whether a run states something: more than a placeholder ("no text") or a deletion mark."""
    return any(len(b.text.split()) > LABEL_WORDS for b in blocks)


def _sentences(blocks: tuple[Block, ...]) -> list[int]:
    return [i for b in blocks for i in b.sentences]


def _restates(doc: ParsedDocument, quoted: tuple[Block, ...], amended: tuple[Block, ...]) -> bool:
    """Whether a sentence of the amended run is a recast of one of the quoted run."""
    keys = [doc.sentences[i].key for i in _sentences(quoted)]
    for i in _sentences(amended):
        if process.extractOne(doc.sentences[i].key, keys, scorer=fuzz.ratio, score_cutoff=RESTATES_RATIO):
            return True
    return False
