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

from tracker.commitments.actors.aliases import actor_key, actors_equal, display_name
from tracker.commitments.actors.cells import cell_actor
from tracker.commitments.actors.english import english_actor
from tracker.commitments.actors.japanese import JapaneseSubject, japanese_subject

__all__ = [
    "JapaneseSubject",
    "actor_key",
    "actors_equal",
    "cell_actor",
    "display_name",
    "english_actor",
    "japanese_subject",
]
