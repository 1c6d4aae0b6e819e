"""The body a whole table cell names: schedule tables give the responsible body a column."""

from __future__ import annotations

from tracker.commitments.actors.aliases import is_alias
from tracker.commitments.actors.english import NOT_ACTOR_ACRONYMS, ORG
from tracker.commitments.actors.japanese import JA_NOT_ORG, JA_NOUN, JA_ORG_SUFFIX
from tracker.regex_cache import compile_regex

_JA_ORG_CELL = compile_regex(rf"{JA_NOUN}*(?:{JA_ORG_SUFFIX})")


def cell_actor(cell: str, language: str) -> str | None:
    """The body a whole table cell names ("DSIT", "Ministry of Finance", デジタル庁), or None.

    Schedule tables give the responsible body a column of its own; a cell is an
    actor only when all of it is a body's name, so a cell of prose is never one.
    """
    cell = " ".join(cell.split()).strip(" .")
    if not cell or len(cell) > 80:
        return None
    if language == "ja":
        if _JA_ORG_CELL.fullmatch(cell) and cell not in JA_NOT_ORG:
            return cell
        return None
    if is_alias(cell):
        return cell
    m = ORG.fullmatch(cell)
    if m and cell.upper() not in NOT_ACTOR_ACRONYMS and cell.rstrip("s").upper() not in NOT_ACTOR_ACRONYMS:
        return cell
    return None
