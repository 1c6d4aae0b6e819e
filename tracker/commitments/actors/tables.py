"""The word tables of actor reading, read once from ``tracker/data/actors.toml``.

Alias groups (one body, many names) and the words that do or do not head a body's
name live in data, so an analyst can review them without reading the patterns.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from tracker.data_tables import packaged_table


class ActorTables(NamedTuple):
    groups: list[dict[str, Any]]
    org_heads: list[str]
    actor_heads: frozenset[str]
    not_actor_acronyms: frozenset[str]
    subject_stop: frozenset[str]
    post_modifiers: tuple[str, ...]
    common_endings: tuple[str, ...]
    common_openers: frozenset[str]
    ja_org_suffixes: list[str]
    ja_not_org: frozenset[str]
    ja_generic_actors: frozenset[str]


def _load() -> ActorTables:
    data = packaged_table("actors.toml")
    en, ja = data["english"], data["japanese"]
    return ActorTables(
        groups=list(data.get("group", [])),
        org_heads=list(en["org_heads"]),
        actor_heads=frozenset(en["actor_heads"]),
        not_actor_acronyms=frozenset(en["not_actor_acronyms"]),
        subject_stop=frozenset(en["subject_stop"]),
        post_modifiers=tuple(en["post_modifiers"]),
        common_endings=tuple(en["common_endings"]),
        common_openers=frozenset(en["common_openers"]),
        ja_org_suffixes=list(ja["org_suffixes"]),
        ja_not_org=frozenset(ja["not_org"]),
        ja_generic_actors=frozenset(ja["generic_actors"]),
    )


TABLES = _load()
