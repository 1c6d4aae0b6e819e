"""The Japanese actor: the topic or subject that names a body (政府は, デジタル庁は, 企業には)."""

from __future__ import annotations

from typing import NamedTuple

from tracker.commitments.actors.tables import TABLES
from tracker.regex_cache import compile_regex

JA_NOUN = r"[一-龥々〆ヵヶァ-ヴー・A-Za-z0-9＆&]"
JA_ORG_SUFFIX = "|".join(TABLES.ja_org_suffixes)
_JA_TOPIC = compile_regex(
    rf"({JA_NOUN}+?)(?:は|では|には|が|としては|に対し(?:て)?は?|において(?:は)?)(?:、|,|\s)?"
)
_JA_ORG = compile_regex(
    rf"({JA_NOUN}*(?:{JA_ORG_SUFFIX}))(?:は|では|には|が|と|としては|に対し|において|及び|および|、)"
)
JA_NOT_ORG = TABLES.ja_not_org
_JA_GENERIC_ACTORS = TABLES.ja_generic_actors


class JapaneseSubject(NamedTuple):
    """What the start of a Japanese sentence says about who acts."""

    actor: str | None  # the body named (政府, デジタル庁, 企業)
    has_topic: bool  # some 〜は topic is given (a body or not)
    addressee: str | None  # the body in 〜には / 〜に対し (企業には…が期待される)
    topic_end: int = 0  # where the topic phrase (〜は、) ends; 0 without one


def japanese_subject(text: str, cue_start: int | None = None) -> JapaneseSubject:
    """The body a Japanese sentence is about, read before its predicate."""
    region = text if cue_start is None else text[:cue_start]
    actor = None
    addressee = None
    for m in _JA_ORG.finditer(region):
        name = m.group(1)
        if name in JA_NOT_ORG:
            continue
        # a body in 〜の (経済産業省の支援) modifies a noun and does not act: _JA_ORG wants a particle
        rest = region[m.end(1) :]
        if rest.startswith(("には", "に対し")):
            addressee = addressee or name
        actor = actor or name
    has_topic = False
    topic_end = 0
    for m in _JA_TOPIC.finditer(region):
        particle = region[m.end(1) : m.end(1) + 2]
        if particle.startswith("は") or particle.startswith("では"):
            has_topic = True
            topic_end = m.end()
            if actor is None and m.group(1) in _JA_GENERIC_ACTORS:
                actor = m.group(1)
            break
        if particle.startswith("には") or particle.startswith("に対"):
            addressee = addressee or m.group(1)
            has_topic = True
            break
    if addressee and actor is None:
        actor = addressee
    return JapaneseSubject(actor, has_topic, addressee, topic_end)
