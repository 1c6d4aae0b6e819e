"""Word-level redline: which words were deleted and inserted between two texts.

The words are compared as a string of private characters (one per distinct token):
rapidfuzz finds a shortest delete/insert script (as minimal as diff-match-patch's
bisection, in compiled code, and never dependent on machine speed), then
diff-match-patch's semantic cleanup turns runs of small coincidences into readable
whole-phrase changes. Japanese and Chinese are compared per character. Joining the
"=" and "-" pieces rebuilds the old text exactly, "=" and "+" the new one.
"""

from __future__ import annotations

from functools import lru_cache

from diff_match_patch import diff_match_patch
from rapidfuzz.distance import Indel

from tracker.diff.keys import redline_tokens
from tracker.diff.report import RedlineOp

_OPS = {0: "=", -1: "-", 1: "+"}


_DMP = diff_match_patch()  # only its cleanups run, which have no time limit


def redline(before: str, after: str) -> tuple[RedlineOp, ...]:
    """The word-level redline from `before` to `after`; deterministic on every machine."""
    if before == after:  # (most blocks of a diff: answered before the cache hashes both texts)
        return (("=", before),) if before else ()
    if not before:
        return (("+", after),)
    if not after:
        return (("-", before),)
    return _redline(before, after)


@lru_cache(maxsize=4096)  # a changed sentence is redlined for its change and again for the full text
def _redline(before: str, after: str) -> tuple[RedlineOp, ...]:
    """`redline` of two different, non-empty texts."""
    vocabulary: dict[str, str] = {}
    encoded_before = _encode(redline_tokens(before), vocabulary)
    encoded_after = _encode(redline_tokens(after), vocabulary)
    decode = {code: token for token, code in vocabulary.items()}
    diffs = _edit_script(encoded_before, encoded_after)
    _DMP.diff_cleanupMerge(diffs)
    _DMP.diff_cleanupSemantic(diffs)
    ops: list[list[str]] = []
    for op, chars in diffs:
        text = "".join(decode[c] for c in chars)
        if not text:
            continue
        symbol = _OPS[op]
        if ops and ops[-1][0] == symbol:
            ops[-1][1] += text
        else:
            ops.append([symbol, text])
    return tuple(_order(ops))


def _edit_script(before: str, after: str) -> list[tuple[int, str]]:
    """A shortest delete/insert script from `before` to `after`, as diff-match-patch's diff list."""
    diffs: list[tuple[int, str]] = []
    for op in Indel.opcodes(before, after):
        tag, b_start, b_end, a_start, a_end = op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end
        if tag != "insert":
            diffs.append((0 if tag == "equal" else -1, before[b_start:b_end]))
        if tag in ("insert", "replace"):
            diffs.append((1, after[a_start:a_end]))
    return diffs


def _encode(tokens: list[str], vocabulary: dict[str, str]) -> str:
    chars = []
    for token in tokens:
        code = vocabulary.get(token)
        if code is None:
            # Private-use and beyond: never confused with real text, one code per distinct token.
            n = len(vocabulary)
            code = chr(0xF0000 + n) if n < 0xFFFD else chr(0x100000 + n - 0xFFFD)
            vocabulary[token] = code
        chars.append(code)
    return "".join(chars)


def _order(ops: list[list[str]]) -> list[RedlineOp]:
    """Put deletions before insertions inside each changed run, so readers see "old new"."""
    out: list[RedlineOp] = []
    i = 0
    while i < len(ops):
        if ops[i][0] == "=":
            out.append(("=", ops[i][1]))
            i += 1
            continue
        deleted: list[str] = []
        inserted: list[str] = []
        while i < len(ops) and ops[i][0] != "=":
            (deleted if ops[i][0] == "-" else inserted).append(ops[i][1])
            i += 1
        if deleted:
            out.append(("-", "".join(deleted)))
        if inserted:
            out.append(("+", "".join(inserted)))
    return out


def rebuild(ops: tuple[RedlineOp, ...] | list[RedlineOp], side: str) -> str:
    """The text of one side ("before" or "after") from a redline."""
    skip = "+" if side == "before" else "-"
    return "".join(text for op, text in ops if op != skip)
