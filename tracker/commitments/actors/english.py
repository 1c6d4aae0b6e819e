"""The English actor: the body named as the subject (or passive agent) of a commitment.

The noun phrase right before the modal ("The regional water utility will ..."), an
organisation name before it ("Ministry of X", "Department of/for X", "X Agency",
"the X Office", "X Council", "X Authority", ...), or the agent of a passive ("will
be run by the X Foundation").
"""

from __future__ import annotations

import re

from tracker.commitments.actors.aliases import DETERMINERS, singular
from tracker.commitments.actors.tables import TABLES
from tracker.regex_cache import compile_regex

_ORG_HEADS = "|".join(head.replace(" ", "\\s+") for head in TABLES.org_heads)
_CAP = r"(?:[A-Z][\w'’&.-]*|AI)"
_CAP_SEQ = rf"{_CAP}(?:(?:,\s+|\s+(?:and|&|of|for|the|on)\s+|\s+){_CAP})*"
ORG = compile_regex(
    rf"(?:(?:Ministry|Department|Office|Secretary|Minister|Agency|Bureau|Directorate|Commissioner)\s+"
    rf"(?:of|for)\s+(?:the\s+)?{_CAP_SEQ}"
    # a head is a whole word: "Funding" is no "Fund", "United" no "Unit"
    rf"|(?:{_CAP}\s+)*(?:{_ORG_HEADS})s?(?![\w'’-])(?:\s+(?:of|for)\s+(?:the\s+)?{_CAP_SEQ})?"
    rf"|(?<![\w-])[A-Z][A-Z0-9&]{{1,7}}s?(?![\w-]))"
)
NOT_ACTOR_ACRONYMS = TABLES.not_actor_acronyms
_ACTOR_HEADS = TABLES.actor_heads
_SUBJECT_STOP = TABLES.subject_stop
_ORG_AT_END = compile_regex(rf"(?:{ORG.pattern})\s*,?\s*$")
_AGENT = compile_regex(rf"\bby\s+(?:the\s+)?((?:{_CAP_SEQ})|(?:[a-z][\w-]*\s+){{0,3}}[a-z][\w-]*)")
_POSSESSIVE = compile_regex(r"^.*?['’]s\s+")
#: Every name `ORG` finds ends with a capitalised word, an organisation head or an acronym: each
#: holds a letter that lower-casing changes (checked for the heads here).
_HEADS_CASED = all(head.split()[-1] != head.split()[-1].lower() for head in TABLES.org_heads)


def _may_end_with_org(region: str) -> bool:
    """A quick test for `_ORG_AT_END`: a name it finds ends the region's last word (before a comma
    and white space), so that word holds a capital letter (most subjects are "the regulator")."""
    if not _HEADS_CASED:
        return True
    tail = region.rstrip()
    if tail.endswith(","):
        tail = tail[:-1].rstrip()
    last = tail.rsplit(None, 1)[-1] if tail else ""
    return last != last.lower()


def _is_actor_head(word: str) -> bool:
    low = word.casefold()
    if singular(low) in _ACTOR_HEADS or low in _ACTOR_HEADS:
        return True
    return bool(
        word.isupper()
        and word[:1].isalpha()  # "2013/36/EU" numbers an act
        and "/" not in word
        and len(word) >= 2
        and word.rstrip("s") not in NOT_ACTOR_ACRONYMS
        and word.upper() not in NOT_ACTOR_ACRONYMS
    )


def _subject_phrase(region: str) -> str | None:
    """The noun phrase that ends `region` (the words before the modal), if its head names a body."""
    words = region.split()[-8:]
    start = 0
    for i, w in enumerate(words):
        if w.casefold().strip(",") in _SUBJECT_STOP:
            start = i + 1
    words = words[start:]
    if not words or words[0].casefold() in ("no", "none", "of"):
        # "No single provider will host ..." restricts every provider: no body is named;
        # "... and of the Council" ends the title of a cited act, it is no subject
        return None
    while len(words) > 1 and words[-1].casefold().strip(",") in _POSTPOSITIVE:
        words = words[:-1]  # "the Port State concerned": the body is the Port State
    head = words[-1].strip(",.;:")
    of = next((i for i, w in enumerate(words) if w.casefold() == "of"), None)
    if not _is_actor_head(head):
        # a legal subject names the body, then what it deals in: "Operators of automated terminals",
        # "The harbour inspectorate of the Port State"
        if of is None or of == 0 or not _is_actor_head(words[of - 1].strip(",")):
            return None
    elif of is not None and of > 0 and of + 1 < len(words) and not _is_actor_head(words[of - 1].strip(",")):
        if _cites_an_act(words[of - 1]):
            return None  # "Directive 2019/1 of the Council": the act is the subject, not its author
        # "The annual report of the Agency", "Each of the Member States": a thing (or a share) of a
        # body is the subject; the body is who acts
        words = words[of + 1 :]
    if len(words) > 1 and head.isupper() and _AFTER_PROVISION.search(" ".join(words[:-1])):
        return None  # "Article 290 TFEU", "point 4 of Annex VII": a provision cited, no body
    phrase = DETERMINERS.sub("", " ".join(words))
    return phrase or None


_POINT_LABEL = compile_regex(r"\(?(?:[a-z]{1,2}|[ivxl]{1,5}|\d{1,3})[.)]", re.IGNORECASE)
#: Words before the modal beyond which the subject is read from its start, not its end.
_LONG_SUBJECT = 8
#: Adjectives that follow the noun they qualify in legal drafting.
_POSTPOSITIVE = {"concerned", "involved", "responsible", "in question"}
#: Pronouns that stand for the subject of a leading "Where ..., it shall" clause.
_PRONOUNS = {"it", "they"}
_LEADING_CONDITION = compile_regex(
    r"^\s*(?:where|if|when|whenever|once|after|in\s+case)\s+([^,]{3,200}?),", re.IGNORECASE
)
#: What drafting sets after a subject's head noun to say which bodies it means ("designated under",
#: "referred to in", "established outside", "acting on behalf of", "that are"): the subject ends before it.
_POST_MODIFIER = compile_regex(
    r"(?<=[\w)])\s+(?:"
    + "|".join(
        r"\s+".join(map(re.escape, p.split())) for p in sorted(TABLES.post_modifiers, key=len, reverse=True)
    )
    + r")(?![\w-])"
)
_OF_BODY = compile_regex(r"^of\s+(?:the|a|an|each|every|all|any)?\s*(?:[A-Z][\w-]*\s*)+")


def _clause_subject(text: str) -> str | None:
    """The body a leading condition is about ("Where the harbour inspectorate finds ..., it shall")."""
    m = _LEADING_CONDITION.match(text)
    return _first_body(m.group(1)) if m else None


def _first_body(clause: str) -> str | None:
    """The first noun phrase of a clause when its head names a body, with an "of the X" that follows."""
    words = clause.split()
    while words and _POINT_LABEL.fullmatch(words[0]):
        words = words[1:]  # "(b)  The Director ...": the point's label is no part of the subject
    start, i, limit = 0, 0, min(len(words), 8)
    while i < limit:
        word = words[i]
        i += 1
        low = word.casefold()
        if low in _SUBJECT_STOP:
            return None
        if low == "of":
            if i > 1 and _cites_an_act(words[i - 2]):
                return None  # "Directive 2019/1 of the Council ...": the act is the subject, not its author
            start = i  # "The appointment of members ...": a thing of a body; the body is who acts
            continue
        if not _is_actor_head(word.strip(",")):
            continue
        end = i
        if word[:1].isupper():  # a title goes on in capitals: "Deputy Harbour Master"
            while (
                end < len(words) and words[end][:1].isupper() and words[end].casefold() not in _SUBJECT_STOP
            ):
                end += 1
        if _POSSESSIVE_END.search(words[end - 1]) or (
            # "The EU register of ...": an acronym before a common noun qualifies it
            end < len(words)
            and words[end - 1].isupper()
            and words[end][:1].islower()
            and words[end].casefold() not in _SUBJECT_STOP
        ):
            i = end  # "Member States' competent authorities": the possessor qualifies the body after it
            continue
        phrase = " ".join(words[start:end])
        of_body = _OF_BODY.match(" ".join(words[end:]))
        if of_body and _is_actor_head(of_body.group(0).split()[-1]):  # "of the Port State", not "of an AI"
            phrase += " " + of_body.group(0).strip()
        return DETERMINERS.sub("", phrase) or None
    return None


_POSSESSIVE_END = compile_regex(r"(?:['’]s|s['’])$")
#: The kinds of act a text cites by name and number ("Regulation (EU) No 1/2020 of ...").
_ACT_KINDS = frozenset(
    {
        "regulation",
        "regulations",
        "directive",
        "directives",
        "decision",
        "decisions",
        "recommendation",
        "recommendations",
        "resolution",
        "resolutions",
        "act",
        "acts",
        "treaty",
        "convention",
    }
)


def _cites_an_act(word: str) -> bool:
    """Whether a word before "of" ends the citation of an act: its number or its kind."""
    word = word.strip(",;()")
    return any(c.isdigit() for c in word) or (word[:1].isupper() and word.casefold() in _ACT_KINDS)


#: "Directive (EU) 2016/680": an acronym in brackets before an act's number cites a law, it names no actor.
_CITED_ACT = compile_regex(r"\)\s*(?:No\.?\s*)?\d")
#: "Article 114(2) TFEU", "Section 5 FOIA": an acronym right after a provision's number names the act cited;
#: "Annex VII", "Title IV": a numeral after a part of a text numbers that part.
_AFTER_PROVISION = compile_regex(
    r"(?:(?:Articles?|Art\.|Sections?|§)\s*\d+[a-z]?(?:\s?\(\w+\))*"
    r"|\b(?:Annex(?:es)?|Chapters?|Titles?|Parts?|Books?|Schedules?))\s*$",
    re.IGNORECASE,
)
#: "a regulation of the Harbour Board", "the reasoned decision of the Board": a body named after "of"
#: completes the noun before it (the act it adopted, the decision it took); it is not the subject.
_OF_BEFORE = compile_regex(r"\bof\s+(?:the\s+)?$", re.IGNORECASE)
_ACRONYM = compile_regex(r"[A-Z][A-Z0-9&]{1,7}s?")
_NEXT_WORD = compile_regex(r"\s+([A-Za-z][\w-]*)")
#: The kind of an act, named after the body that adopted it.
_ACT_AFTER = compile_regex(
    r"\s+(?:(?:Framework|Implementing|Delegated|Joint)\s+)?"
    r"(?:Regulation|Directive|Decision|Recommendation|Resolution|Communication|Notice|Opinion|Act)s?\b"
)


def _names_no_body(region: str, start: int, end: int) -> bool:
    """Whether the organisation-like name at [start, end) of `region` names no obliged body.

    It cites an act ("Directive (EU) 2016/680", "Directive 2013/36/EU", "Article 290 TFEU"),
    numbers a part of a text ("Annex VII"), completes an "of" ("... of the Council"), names the
    author of an act ("a Council Decision"), or is an acronym that qualifies the common noun
    after it ("the EU database", "a CE marking"; "UK Research and Innovation" is a name).
    """
    name = region[start:end]
    if name.upper() in NOT_ACTOR_ACRONYMS or name.rstrip("s").upper() in NOT_ACTOR_ACRONYMS:
        return True
    before = region[start - 1] if start > 0 else ""
    if before == "/" or (before == "(" and _CITED_ACT.match(region, end)):
        return True
    if _AFTER_PROVISION.search(region, max(0, start - 40), start) or _OF_BEFORE.search(
        region, max(0, start - 8), start
    ):
        return True
    if _ACT_AFTER.match(region, end):
        return True  # "Council Decision 2002/1/JHA", "a Commission Implementing Regulation": its author
    if _ACRONYM.fullmatch(name):
        following = _NEXT_WORD.match(region, end)
        word = following.group(1) if following else ""
        return word[:1].islower() and word not in _SUBJECT_STOP
    return False


def _last_org(region: str) -> str | None:
    best = None
    for m in ORG.finditer(region):
        if not _names_no_body(region, m.start(), m.end()):
            best = m.group(0)
    return best


_CLAUSE_END = compile_regex(r"[.;:]\s")


def _post_modified_subject(clause: str) -> str | None:
    """The subject of a clause that opens with a body and what drafting sets after it to say which
    bodies are meant: "Authorities designated under this Act", "The body referred to in paragraph 1",
    "Operators acting on behalf of ...". A body after a word that ends a clause is no subject
    ("Cranes used by port authorities acting under ...")."""
    for post in _POST_MODIFIER.finditer(clause):
        head = clause[: post.start()]
        if any(w.casefold() in _SUBJECT_STOP for w in head.split()):
            return None
        subject = _subject_phrase(head)
        if subject:
            return subject
    return None


#: A clause set off between the subject and the modal that names the bodies it works with:
#: "The Secretary, in consultation with the Board, shall ..." obliges the Secretary; the consulted
#: or coordinating bodies are no actors.
_PARTNER_CLAUSE = compile_regex(
    r"(?:,\s*(?:and\s+)?|\s+and\s+)(?:in\s+(?:close\s+)?(?:consultation|coordination|cooperation|collaboration|conjunction|"
    r"partnership|liaison)\s+with|acting\s+through|through|together\s+with|jointly\s+with|"
    r"with\s+the\s+(?:support|assistance|help|agreement|consent)\s+of|after\s+consulting|"
    r"after\s+consultation\s+with|assisted\s+by|supported\s+by)\b",
    re.IGNORECASE,
)


def _without_partner_clauses(region: str) -> str:
    """The words before a modal without the partner clauses that end them (see `_PARTNER_CLAUSE`).

    The last such clause may list its bodies with commas ("in consultation with the Secretary of
    State, the Attorney General, and ..., shall"); one before it is cut only when it holds no comma,
    so that "Within 90 days, after consulting the Board, the Agency, in cooperation with X, shall"
    keeps "the Agency".
    """
    stripped = region.rstrip()
    if not stripped.endswith(",") or "," not in stripped[:-1]:
        return region
    stripped = stripped[:-1]
    cuts = 0
    while True:
        clauses = list(_PARTNER_CLAUSE.finditer(stripped))
        last = clauses[-1] if clauses else None
        if last is None or ";" in stripped[last.end() :] or (cuts and "," in stripped[last.end() :]):
            break
        stripped = stripped[: last.start()]
        cuts += 1
    return stripped if cuts and stripped.strip() else region


def english_actor(text: str, cue_start: int, cue_end: int, passive: bool = False) -> str | None:
    """The actor of an English commitment whose deciding cue spans [cue_start, cue_end)."""
    if passive:
        tail = _CLAUSE_END.split(text[cue_end:], maxsplit=1)[0]
        m = _AGENT.search(tail)
        if m:
            agent = m.group(1)
            org = ORG.match(agent)
            if org and org.group(0).upper() not in NOT_ACTOR_ACRONYMS:
                return org.group(0)
            if _is_actor_head(agent.split()[-1]):
                return agent
        return None
    region = _without_partner_clauses(text[:cue_start])
    # a comma or a semicolon ends the clause before the subject
    cut = max(region.rfind(","), region.rfind(";"))
    last = region[cut + 1 :]
    subject = _post_modified_subject(last)
    if subject:
        return subject  # before a name at the end: "Inspectorates appointed by the Minister shall"
    # "Within two quarters, each regulator" / "By 1 May 2031, ministries": the subject follows the last comma
    # unless that comma sits inside an organisation's name.
    org_at_end = _ORG_AT_END.search(region, max(0, len(region) - 120)) if _may_end_with_org(region) else None
    if org_at_end:
        name = org_at_end.group(0).strip(" ,")
        if not _names_no_body(region, org_at_end.start(), org_at_end.start() + len(name)):
            possessor = _POSSESSIVE.sub("", name)
            return possessor or name
    if cut >= 0 and not last.strip():
        # "Port operators licensed under the Act, which hold a berth, shall ...": the subject stands
        # before the clause set between commas
        first = _first_body(region[: region.find(",")])
        if first:
            return first
    if last.strip().casefold() in _PRONOUNS:
        return _clause_subject(text)  # "Where the inspectorate finds ..., it shall": the inspectorate
    if len(last.split()) > _LONG_SUBJECT:
        # "The inspectorates of the Port States other than the inspectorate of the flag State shall":
        # a long subject is qualified after its head, so the body comes first
        first = _first_body(last)
        if first:
            return first
    subject = _subject_phrase(last)
    if subject:
        return subject
    return _last_org(region) or _proper_name_subject(region)


#: One capitalised word as the whole subject: a body's proper name ("Inria will ...", "France will ...")
#: unless its form is a common noun's (-ing, -tion, -ment, a plural ...) or it is a pronoun or a
#: mass noun that often opens a sentence ("Research will ...", "Data will ...").
_PROPER_WORD = compile_regex(r"[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*(?:-[A-Z][A-Za-z0-9]*)?")
_COMMON_ENDING = TABLES.common_endings
_COMMON_OPENERS = TABLES.common_openers


def _proper_name_subject(region: str) -> str | None:
    """The subject when it is one word that reads as a body's proper name ("Inria", "GovTech"), or None."""
    words = region.split()
    if len(words) != 1 or _PROPER_WORD.fullmatch(words[0]) is None:
        return None
    low = words[0].casefold()
    if low in _COMMON_OPENERS or low.endswith(_COMMON_ENDING):
        return None
    return words[0]
