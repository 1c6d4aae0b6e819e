"""direct_init: a frozen dataclass built by the faster constructor is the same object as before."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from tracker.diff.parse import Sentence
from tracker.records import direct_init


@dataclasses.dataclass(frozen=True)
class _Plain:
    name: str
    size: int
    note: str = ""
    parts: tuple[str, ...] = ()


@direct_init
@dataclasses.dataclass(frozen=True)
class _Direct:
    name: str
    size: int
    note: str = ""
    parts: tuple[str, ...] = ()


def test_same_fields_defaults_and_signature() -> None:
    assert str(inspect.signature(_Direct)) == str(inspect.signature(_Plain))
    made = _Direct("harbour", 3)
    plain = _Plain("harbour", 3)
    assert dataclasses.asdict(made) == dataclasses.asdict(plain)
    assert vars(made) == vars(plain) and list(vars(made)) == list(vars(plain))
    assert repr(made).replace("_Direct", "_Plain") == repr(plain)


def test_equality_hash_replace_and_frozen() -> None:
    a = _Direct("port", 2, note="east", parts=("a",))
    b = _Direct(name="port", size=2, note="east", parts=("a",))
    assert a == b and hash(a) == hash(b)
    assert dataclasses.replace(a, size=5) == _Direct("port", 5, "east", ("a",))
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.size = 4  # type: ignore[misc]


def test_a_sentence_reads_as_its_fields() -> None:
    sentence = Sentence(0, "The Board shall act.", "the board shall act", 0, 0, (1, 1), None)
    assert sentence.label == "" and sentence.outer_lead_ins == ()
    assert sentence == dataclasses.replace(sentence)


def test_refuses_what_it_cannot_reproduce() -> None:
    @dataclasses.dataclass
    class Mutable:
        x: int

    @dataclasses.dataclass(frozen=True)
    class Factory:
        x: list[int] = dataclasses.field(default_factory=list)

    @dataclasses.dataclass(frozen=True)
    class Checked:
        x: int

        def __post_init__(self) -> None:
            pass

    for cls in (Mutable, Factory, Checked):
        with pytest.raises(TypeError):
            direct_init(cls)
