"""Who is committed: the body named as the subject (or passive agent) of a commitment.

English: the noun phrase right before the modal ("The regional water utility
will ..."), an organisation name before it ("Ministry of X", "Department
of/for X", "X Agency", "the X Office", "X Council", "X Institute", "X
Authority", ...), or the agent of a passive ("will be run by the X Foundation").
Japanese: the topic or subject that names a body (政府は, デジタル庁は,
〜省/〜庁/〜本部/〜委員会/〜機構が, 企業には).

`actor_key` folds the forms of one body together (case, "the", plurals, the
aliases in ``tracker/data/actors.toml``: "METI" == "Ministry of Economy, Trade
and Industry" == 経済産業省), so `actors_equal` says whether an actor changed.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from tracker.regex_cache import compile_regex

# ------------------------------------------------------------------------------------------ aliases


@dataclass(frozen=True)
class _Aliases:
    key_of: dict[str, str]  # folded form -> group id
    display: dict[str, tuple[str, str]]  # group id -> (English name, Japanese name)


@cache
def _aliases() -> _Aliases:
    text = resources.files("tracker").joinpath("data", "actors.toml").read_text(encoding="utf-8")
    key_of: dict[str, str] = {}
    display: dict[str, tuple[str, str]] = {}
    for group in tomllib.loads(text).get("group", []):
        gid = str(group["id"])
        display[gid] = (str(group["en"]), str(group["ja"]))
        for form in (*group["forms"], group["en"], group["ja"]):
            key_of[_fold(str(form))] = gid
    return _Aliases(key_of, display)


_DETERMINERS = compile_regex(
    r"^(?:(?:each|every|all|any|one|some|most|both)\s+of\s+(?:the|its|their)\s+|"
    r"(?:the|each|every|all|a|an|its|their|our|this|that|these|those|relevant|respective)\s+)+",
    re.IGNORECASE,
)


def _fold(name: str) -> str:
    name = unicodedata.normalize("NFKC", name).strip().strip(".,;:、。")
    name = name.replace("&", "and").replace("’", "'")
    name = _DETERMINERS.sub("", name)
    return " ".join(name.casefold().split())


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_NATIONAL_GOVERNMENT = compile_regex(r"^(?:federal|national|central|union) government$")


@lru_cache(maxsize=65536)
def actor_key(name: str) -> str:
    """A comparison key for an actor: equal keys name the same body ("the Government" == "Government")."""
    folded = _fold(name)
    aliases = _aliases()
    if folded in aliases.key_of:
        return aliases.key_of[folded]
    words = folded.split()
    if words:
        words[-1] = _singular(words[-1])
    key = " ".join(words)
    key = _NATIONAL_GOVERNMENT.sub("government", key)
    return aliases.key_of.get(key, key)


def actors_equal(a: str | None, b: str | None) -> bool:
    """Whether two actors are the same body; two missing actors are equal, one missing is not."""
    if a is None or b is None:
        return a is None and b is None
    return actor_key(a) == actor_key(b)


def display_name(name: str, language: str) -> str:
    """The name to show: the alias table's name for known bodies, else the phrase without "the"."""
    key = actor_key(name)
    names = _aliases().display.get(key)
    if names:
        return names[1] if language == "ja" else names[0]
    cleaned = _DETERMINERS.sub("", " ".join(name.split()).strip(" ,;:"))
    return cleaned[:1].upper() + cleaned[1:] if language != "ja" else cleaned


# ------------------------------------------------------------------------------------------ English

_ORG_HEADS = (
    "Ministry|Ministries|Department|Departments|Agency|Agencies|Office|Council|Councils|Institute|Institutes|"
    "Authority|Authorities|Commission|Board|Centre|Centres|Center|Centers|Bank|Corporation|Administration|"
    "Committee|Alliance|Service|Unit|Division|Secretariat|Bureau|Network|Directorate|Foundation|Mission|"
    "Government|Parliament|Cabinet|Task\\s+Force|Observatory|Laboratory|Regulator|Operator|Inspectorate|"
    "Tribunal|Court|Fund|Forum|Partnership|Consortium|Academy|Chamber|Chambers|Team|Officer|Officers|Minister|"
    "Secretary|Director|Chair|Commissioner|Ombudsman|Registry|Executive|Assembly|Congress|Senate|Treasury"
)
_CAP = r"(?:[A-Z][\w'’&.-]*|AI)"
_CAP_SEQ = rf"{_CAP}(?:(?:,\s+|\s+(?:and|&|of|for|the|on)\s+|\s+){_CAP})*"
_ORG = compile_regex(
    rf"(?:(?:Ministry|Department|Office|Secretary|Minister|Agency|Bureau|Directorate|Commissioner)\s+"
    rf"(?:of|for)\s+(?:the\s+)?{_CAP_SEQ}"
    # a head is a whole word: "Funding" is no "Fund", "United" no "Unit"
    rf"|(?:{_CAP}\s+)*(?:{_ORG_HEADS})s?(?![\w'’-])(?:\s+(?:of|for)\s+(?:the\s+)?{_CAP_SEQ})?"
    rf"|(?<![\w-])[A-Z][A-Z0-9&]{{1,7}}s?(?![\w-]))"
)
_NOT_ACTOR_ACRONYMS = {
    "AI",
    "ML",
    "GPU",
    "GPUS",
    "NPU",
    "NPUS",
    "CPU",
    "CPUS",
    "HBM",
    "LLM",
    "LLMS",
    "IT",
    "ICT",
    "R&D",
    "GDP",
    "API",
    "APIS",
    "IOT",
    "HPC",
    "EDA",
    "CO2",
    "PUE",
    "FY",
    "GW",
    "MW",
    "TWH",
    "EUR",
    "USD",
    "GBP",
    "JPY",
    "KRW",
    "CAD",
    "INR",
    "AUD",
    "CHF",
    "CNY",
    "TB",
    "PB",
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "A",
    "B",
    "C",
    "D",
}
_ACTOR_HEADS = {
    "government",
    "ministry",
    "department",
    "agency",
    "office",
    "council",
    "institute",
    "authority",
    "commission",
    "board",
    "centre",
    "center",
    "bank",
    "corporation",
    "administration",
    "committee",
    "alliance",
    "unit",
    "division",
    "secretariat",
    "bureau",
    "network",
    "directorate",
    "foundation",
    "mission",
    "parliament",
    "cabinet",
    "observatory",
    "laboratory",
    "lab",
    "regulator",
    "operator",
    "inspectorate",
    "body",
    "institution",
    "university",
    "school",
    "college",
    "company",
    "firm",
    "business",
    "enterprise",
    "provider",
    "developer",
    "deployer",
    "manufacturer",
    "importer",
    "distributor",
    "state",
    "country",
    "employer",
    "chamber",
    "association",
    "organisation",
    "organization",
    "partner",
    "officer",
    "chair",
    "director",
    "minister",
    "secretary",
    "team",
    "municipality",
    "region",
    "city",
    "consortium",
    "hub",
    "forum",
    "academy",
    "court",
    "tribunal",
    "ombudsman",
    "sme",
    "startup",
    "start-up",
    "we",
    "coordinator",
    "taskforce",
    "executive",
    "treasury",
    "caio",
    "cio",
    "cdo",
    "cto",
    "ceo",
    "group",
    "panel",
}
_SUBJECT_STOP = {
    "that",
    "which",
    "who",
    "whom",
    "whose",
    "where",
    "when",
    "by",
    "in",
    "for",
    "with",
    "to",
    "from",
    "on",
    "at",
    "whereas",
    "and",
    "or",
    "but",
    "into",
    "under",
    "after",
    "before",
    "since",
    "until",
    "through",
    "within",
    "over",
    "between",
    "among",
    "as",
    "if",
    "also",
    "then",
    "therefore",
    "however",
    "thus",
}
_ORG_AT_END = compile_regex(rf"(?:{_ORG.pattern})\s*,?\s*$")
_AGENT = compile_regex(rf"\bby\s+(?:the\s+)?((?:{_CAP_SEQ})|(?:[a-z][\w-]*\s+){{0,3}}[a-z][\w-]*)")
_POSSESSIVE = compile_regex(r"^.*?['’]s\s+")


def _is_actor_head(word: str) -> bool:
    low = word.casefold()
    if _singular(low) in _ACTOR_HEADS or low in _ACTOR_HEADS:
        return True
    return bool(
        word.isupper()
        and len(word) >= 2
        and word.rstrip("s") not in _NOT_ACTOR_ACRONYMS
        and word.upper() not in _NOT_ACTOR_ACRONYMS
    )


def _subject_phrase(region: str) -> str | None:
    """The noun phrase that ends `region` (the words before the modal), if its head names a body."""
    words = region.split()[-8:]
    start = 0
    for i, w in enumerate(words):
        if w.casefold().strip(",") in _SUBJECT_STOP:
            start = i + 1
    words = words[start:]
    if not words or words[0].casefold() in ("no", "none"):
        # "No single provider will host ..." restricts every provider: no body is named
        return None
    head = words[-1].strip(",.;:")
    if not _is_actor_head(head):
        return None
    phrase = _DETERMINERS.sub("", " ".join(words))
    return phrase or None


#: "Directive (EU) 2016/680": an acronym in brackets before an act's number cites a law, it names no actor.
_CITED_ACT = compile_regex(r"\)\s*(?:No\.?\s*)?\d")


def _last_org(region: str) -> str | None:
    best = None
    for m in _ORG.finditer(region):
        name = m.group(0)
        if name.upper() in _NOT_ACTOR_ACRONYMS or name.rstrip("s").upper() in _NOT_ACTOR_ACRONYMS:
            continue
        if m.start() > 0 and region[m.start() - 1] == "(" and _CITED_ACT.match(region, m.end()):
            continue
        best = name
    return best


_CLAUSE_END = compile_regex(r"[.;:]\s")


def english_actor(text: str, cue_start: int, cue_end: int, passive: bool = False) -> str | None:
    """The actor of an English commitment whose deciding cue spans [cue_start, cue_end)."""
    if passive:
        tail = _CLAUSE_END.split(text[cue_end:], maxsplit=1)[0]
        m = _AGENT.search(tail)
        if m:
            agent = m.group(1)
            org = _ORG.match(agent)
            if org and org.group(0).upper() not in _NOT_ACTOR_ACRONYMS:
                return org.group(0)
            if _is_actor_head(agent.split()[-1]):
                return agent
        return None
    region = text[:cue_start]
    # "Within two quarters, each regulator" / "By 1 May 2031, ministries": the subject follows the last comma
    # unless that comma sits inside an organisation's name.
    org_at_end = _ORG_AT_END.search(region, max(0, len(region) - 120))
    if org_at_end and org_at_end.group(0).strip(" ,").upper() not in _NOT_ACTOR_ACRONYMS:
        name = org_at_end.group(0).strip(" ,")
        possessor = _POSSESSIVE.sub("", name)
        return possessor or name
    subject = _subject_phrase(region.split(",")[-1] if "," in region else region)
    if subject:
        return subject
    return _last_org(region) or _proper_name_subject(region)


#: One capitalised word as the whole subject: a body's proper name ("Inria will ...", "France will ...")
#: unless its form is a common noun's (-ing, -tion, -ment, a plural ...) or it is a pronoun or a
#: mass noun that often opens a sentence ("Research will ...", "Data will ...").
_PROPER_WORD = compile_regex(r"[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*(?:-[A-Z][A-Za-z0-9]*)?")
_COMMON_ENDING = (
    "ing",
    "tion",
    "sion",
    "ment",
    "ity",
    "ance",
    "ence",
    "ness",
    "ure",
    "ism",
    "ship",
    "ics",
    "s",
)
_COMMON_OPENERS = {
    "it",
    "this",
    "that",
    "these",
    "those",
    "they",
    "there",
    "here",
    "each",
    "all",
    "both",
    "some",
    "many",
    "most",
    "none",
    "one",
    "other",
    "such",
    "everyone",
    "everybody",
    "nobody",
    "someone",
    "data",
    "compute",
    "research",
    "work",
    "progress",
    "support",
    "capacity",
    "demand",
    "growth",
    "trust",
    "safety",
    "policy",
    "guidance",
    "evidence",
    "power",
    "energy",
    "software",
    "hardware",
    "staff",
    "money",
    "aid",
    "finance",
    "funding",
    "investment",
    "innovation",
    "industry",
    "technology",
    "society",
    "government",
    "ai",
    "nothing",
    "everything",
    "something",
}


def _proper_name_subject(region: str) -> str | None:
    """The subject when it is one word that reads as a body's proper name ("Inria", "GovTech"), or None."""
    words = region.split()
    if len(words) != 1 or _PROPER_WORD.fullmatch(words[0]) is None:
        return None
    low = words[0].casefold()
    if low in _COMMON_OPENERS or low.endswith(_COMMON_ENDING):
        return None
    return words[0]


# ----------------------------------------------------------------------------------------- Japanese

_JA_NOUN = r"[一-龥々〆ヵヶァ-ヴー・A-Za-z0-9＆&]"
_JA_ORG_SUFFIX = (
    "府省庁|省庁|府省|省|庁|都道府県|市区町村|市町村|県|市|本部|委員会|機構|会議|政府|内閣|局|院|機関|センター|研究所|法人|大学|自治体|公共団体|"
    "事業者|企業|事務局|協議会|審議会|振興会|連合会|学会|公社|銀行|公庫|財団|協会|団体|部局|開発者|提供者|利用者|国|"
    # loanword heads of body names (〜インスティテュート, 〜ラボ, 〜コンソーシアム)
    "インスティテュート|ラボ|フォーラム|コンソーシアム|アカデミー|チーム|オフィス|部|室"
)
_JA_TOPIC = compile_regex(
    rf"({_JA_NOUN}+?)(?:は|では|には|が|としては|に対し(?:て)?は?|において(?:は)?)(?:、|,|\s)?"
)
_JA_ORG = compile_regex(
    rf"({_JA_NOUN}*(?:{_JA_ORG_SUFFIX}))(?:は|では|には|が|と|としては|に対し|において|及び|および|、)"
)
_JA_NOT_ORG = {
    "我が国",
    "各国",
    "諸外国",
    "海外",
    "国内",
    "外国",
    "全国",
    "中国",
    "韓国",
    "米国",
    "英国",
    "同志国",
    "都市",
}
_JA_GENERIC_ACTORS = {"我が国"}


@dataclass(frozen=True)
class JapaneseSubject:
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
        if name in _JA_NOT_ORG:
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


# ------------------------------------------------------------------------------------ table cells

_JA_ORG_CELL = compile_regex(rf"{_JA_NOUN}*(?:{_JA_ORG_SUFFIX})")


def cell_actor(cell: str, language: str) -> str | None:
    """The body a whole table cell names ("DSIT", "Ministry of Finance", デジタル庁), or None.

    Schedule tables give the responsible body a column of its own; a cell is an
    actor only when all of it is a body's name, so a cell of prose is never one.
    """
    cell = " ".join(cell.split()).strip(" .")
    if not cell or len(cell) > 80:
        return None
    if language == "ja":
        if _JA_ORG_CELL.fullmatch(cell) and cell not in _JA_NOT_ORG:
            return cell
        return None
    if _fold(cell) in _aliases().key_of:
        return cell
    m = _ORG.fullmatch(cell)
    if m and cell.upper() not in _NOT_ACTOR_ACRONYMS and cell.rstrip("s").upper() not in _NOT_ACTOR_ACRONYMS:
        return cell
    return None
