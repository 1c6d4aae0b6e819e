"""The small corpus every site test builds (no tests here): two documents, EN and JA, made
with the real corpus API in a temporary git repository with pinned dates and identity.

- `xx/compute-plan` (English): three revisions plus one technical re-normalization; the
  third carries hostile text (<script>, a javascript: link, an HTML comment).
- `jp/ai-plan` (Japanese, illustrative = true): two revisions.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

EN_1 = """# National Compute Plan

## 1 Compute

The Government will build three public supercomputing centres by 2028.

The Ministry of Science will fund 200 research chairs in machine learning.

## 2 Safety

The AI Office will publish evaluation guidance for frontier models.
"""

EN_2 = """# National Compute Plan

## 1 Compute

The Government will consider building two public supercomputing centres by 2030.

The Ministry of Science will fund 200 research chairs in machine learning.

The Government will buy cloud capacity from several providers.

## 2 Safety

The AI Office will publish evaluation guidance for frontier models.
"""

EN_3 = """# National Compute Plan

## 1 Compute

The Government will consider building two public supercomputing centres by 2030.

The Ministry of Science will fund 250 research chairs in machine learning.

The Government will buy cloud capacity from several providers.

## 2 Safety

The Digital Agency will publish evaluation guidance for frontier models.

Note <script>alert("x")</script> and [a link](javascript:alert(1)) and <!-- a hidden comment --> stay text.
"""

JA_1 = """# AI推進計画

## 第1章 計算基盤

政府は国内の計算基盤を整備する。

文部科学省はAI人材の育成を推進する。
"""

JA_2 = """# AI推進計画

## 第1章 計算基盤

政府は国内の計算基盤の整備を検討する。

文部科学省はAI人材の育成を推進する。

政府は複数のクラウド事業者を活用する。
"""

MakeCorpus = Callable[..., Any]


def build_sample_corpus(make_corpus: MakeCorpus, tmp_path: Path) -> Any:
    """The sample corpus, recorded through Corpus.add (dates pinned, so commits are stable)."""
    corpus = make_corpus(title="Site test corpus")
    inputs = tmp_path / "site-inputs"
    inputs.mkdir(exist_ok=True)

    def add(doc_id: str, name: str, text: str, date: str, label: str, status: str, **kw: Any) -> Any:
        path = inputs / name
        path.write_text(text, encoding="utf-8")
        result = corpus.add(
            doc_id, path, date=datetime.date.fromisoformat(date), label=label, status=status, **kw
        )
        assert result.revision is not None, result.message
        return result.revision

    en_meta = {"title": "National Compute Plan", "language": "en", "issuer": "Ministry of Science"}
    add(
        "xx/compute-plan",
        "en1.md",
        EN_1,
        "2025-01-15",
        "Consultation draft",
        "consultation",
        metadata=en_meta,
    )
    add(
        "xx/compute-plan",
        "en2.md",
        EN_2,
        "2025-06-30",
        "Adopted plan",
        "adopted",
        source_url="https://example.org/plan-2025.html",
    )
    add("xx/compute-plan", "en3.md", EN_3, "2026-02-01", "Amendment", "amended")
    ja_meta = {"title": "AI推進計画", "language": "ja", "illustrative": "true", "issuer": "内閣府"}
    add("jp/ai-plan", "ja1.md", JA_1, "2025-03-01", "閣議決定", "adopted", metadata=ja_meta)
    add("jp/ai-plan", "ja2.md", JA_2, "2025-12-20", "改定案", "consultation")
    return corpus


def add_revision(
    corpus: Any, tmp_path: Path, doc_id: str, text: str, date: str, label: str, **kw: Any
) -> Any:
    path = tmp_path / "site-inputs" / f"extra-{date}.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    result = corpus.add(doc_id, path, date=datetime.date.fromisoformat(date), label=label, **kw)
    assert result.revision is not None, result.message
    return result.revision


@contextmanager
def pinned_sample_corpus(
    tmp: Path, *, user: str = "Site Test", email: str = "site@example.org", author_date: str | None = None
) -> Iterator[Any]:
    """The sample corpus built under a pinned git identity and committer date, with no machine config.

    `author_date` pins the corpus's own first commit too (the goldens need stable commit ids).
    """
    from tracker.corpus import Corpus

    config = tmp / "gitconfig"
    config.write_text(
        f"[user]\n\tname = {user}\n\temail = {email}\n[init]\n\tdefaultBranch = main\n", encoding="utf-8"
    )
    with pytest.MonkeyPatch.context() as mp:
        for var in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL",
                    "EMAIL", "GIT_AUTHOR_DATE", "GIT_DIR", "GIT_WORK_TREE", "TRACKER_CORPUS"):
            mp.delenv(var, raising=False)
        mp.setenv("GIT_CONFIG_GLOBAL", str(config))
        mp.setenv("GIT_CONFIG_NOSYSTEM", "1")
        mp.setenv("GIT_COMMITTER_DATE", "2026-01-01T00:00:00+0000")
        if author_date:
            mp.setenv("GIT_AUTHOR_DATE", author_date)
        yield build_sample_corpus(lambda name="corpus", title="t": Corpus.init(tmp / name, title), tmp)
