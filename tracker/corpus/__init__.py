"""The git-backed corpus: documents, their revisions, and references to them.

corpus = Corpus.find()                       # --corpus / TRACKER_CORPUS / upward tracker.toml / ./corpus
rev = corpus.resolve("jp/ai-basic-plan@latest~1")
text = corpus.text(rev)
corpus.add("jp/ai-basic-plan", Path("plan.pdf"), date=date(2025, 12, 23), label="Cabinet decision")
"""

from tracker.corpus.corpus import Corpus
from tracker.corpus.model import AddResult, Document, MetadataResult, Revision
from tracker.corpus.refs import split_ref
from tracker.corpus.validate import STATUSES, check_doc_id, parse_date

__all__ = [
    "STATUSES",
    "AddResult",
    "Corpus",
    "Document",
    "MetadataResult",
    "Revision",
    "check_doc_id",
    "parse_date",
    "split_ref",
]
