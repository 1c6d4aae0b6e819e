"""Word lists compiled into prefix-factored regular expressions.

Python's `re` tries the alternatives of ``a|b|c`` one after another at every
position, so a lexicon of hundreds of terms written as a plain alternation
costs hundreds of attempts per character. Factoring the common prefixes into
a trie (``will(?:\\s+consider|\\s+explore)?``) lets the engine reject a position
after one or two characters: the theme and cue scans got about 20 times faster.
The longest entry wins at a position, because every optional tail is greedy.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

_END = ""


def _insert(trie: dict[str, dict], keys: Iterable[Sequence[str]]) -> None:
    for key in keys:
        node = trie
        for part in key:
            child = node.get(part)  # not setdefault(part, {}): that makes a dict for every character
            if child is None:
                child = node[part] = {}
            node = child
        node[_END] = {}


def _emit(node: dict[str, dict], edge: Callable[[str, int], str], depth: int) -> str:
    """The regex of a trie node at `depth` (0: the root): its children's alternation, optional
    when a word ends here; `edge(key, depth)` writes the edge to a child.

    A run of nodes with one child and no word ending is written as one string of edges in
    a loop (most nodes of a word list are such runs), not one recursive call per edge.
    """
    parts: list[str] = []
    while _END not in node and len(node) == 1:
        for key in node:  # the only child
            parts.append(edge(key, depth))
            node = node[key]
        depth += 1
    ends = _END in node
    if len(node) > ends:
        children = sorted(node)
        if ends:
            del children[0]  # _END, the empty string, sorts first
        alternatives = [edge(k, depth) + _emit(node[k], edge, depth + 1) for k in children]
        body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        parts.append(f"(?:{body})?" if ends else body)
    return "".join(parts)


def char_trie(words: Iterable[str], space: str = r"\s+") -> str:
    """A regex matching any of `words` (longest first at a position); a space in a word matches `space`."""
    trie: dict[str, dict] = {}
    _insert(trie, (w for w in words if w))

    written: dict[str, str] = {" ": space}  # each character escaped once, not once per trie node

    def edge(ch: str, depth: int) -> str:
        text = written.get(ch)
        if text is None:
            text = written[ch] = re.escape(ch)
        return text

    return _emit(trie, edge, 0)


def token_trie(
    phrases: Iterable[str],
    space: str = r"\s+",
    after_first: Callable[[str], str] | None = None,
    by_first_char: bool = False,
) -> str:
    """A regex matching any of the space-separated `phrases`, token by token.

    `after_first(token)` may return a pattern allowed right after a phrase's first
    token (an optional adverb after "will": "will also consider"). `by_first_char` puts
    the first tokens under their first characters ("a(?:im|ims|pplies)|s(?:hall|hould)"):
    the same matches, tried in the same order, but a position is dismissed after one
    test per first character instead of one per first token.
    """
    trie: dict[str, dict] = {}
    tokens = (p.split() for p in phrases if p.split())
    _insert(trie, ((t[0][0], *t) for t in tokens) if by_first_char else (tuple(t) for t in tokens))
    first_token = 1 if by_first_char else 0

    def edge(token: str, depth: int) -> str:
        if depth < first_token:
            return re.escape(token)  # the first character
        if depth > first_token:
            return space + re.escape(token)
        text = re.escape(token[first_token:])
        if after_first is not None:
            text += after_first(token)
        return text

    return _emit(trie, edge, 0)
