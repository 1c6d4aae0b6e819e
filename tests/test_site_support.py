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
def pinned_git_identity(
    tmp: Path, *, user: str = "Site Test", email: str = "site@example.org", author_date: str | None = None
) -> Iterator[None]:
    """A pinned git identity and committer date, with no machine config, while open."""
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
        yield


@contextmanager
def pinned_sample_corpus(
    tmp: Path, *, user: str = "Site Test", email: str = "site@example.org", author_date: str | None = None
) -> Iterator[Any]:
    """The sample corpus built under a pinned git identity and committer date, with no machine config.

    `author_date` pins the corpus's own first commit too (the goldens need stable commit ids).
    """
    from tracker.corpus import Corpus

    with pinned_git_identity(tmp, user=user, email=email, author_date=author_date):
        yield build_sample_corpus(lambda name="corpus", title="t": Corpus.init(tmp / name, title), tmp)


# -- a hostile corpus: documents written to run code, spoof text or break the layout --------------

#: An unterminated right-to-left override, and the other bidi controls a label may carry.
RLO = "\u202e"
LONG_WORD = "Supercalifragilistic" * 30  # 600 characters, no break opportunity
HOSTILE_LABEL = ("Draft " + RLO + "tfard " * 19)[:120]  # 120 characters, an override left open
HOSTILE_TITLE = "Hostile " + RLO + "nalp"

HOSTILE_HTML_1 = """<!doctype html>
<html><head><title>Hostile <script>alert(10)</script></title>
<script>alert(1)</script><meta http-equiv="refresh" content="0;url=javascript:alert(12)"></head>
<body onload="alert(13)">
<h1>Hostile plan</h1>
<p onclick="alert(3)">The Government will fund 10 research centres by 2030. <img src=x onerror=alert(2)></p>
<svg xmlns="http://www.w3.org/2000/svg" onload="alert(4)"><script>alert(5)</script></svg>
<p>The Ministry will publish <a href="javascript:alert(6)">guidance</a> by 2027.</p>
<p>Attribute access ''.__class__.__mro__ and *stars* and _under_ stay as written.</p>
</body></html>
"""

HOSTILE_HTML_2 = HOSTILE_HTML_1.replace("10 research centres", "12 research centres").replace(
    "by 2027", "by 2028 <iframe src=\"javascript:alert(14)\"></iframe>"
)

HOSTILE_MD_1 = f"""# Hostile Markdown plan

## 1 Links

The Government will publish [the guidance](javascript:alert(7)) by 2027.

<img src=x onerror=alert(8)> <svg onload=alert(9)></svg>

## 2 Spoofing

The Government will cut all AI funding {RLO}0302 yb.

The Ministry will fund 10 new laboratories {RLO}0302 yb.

## 3 Layout

The Agency will fund {LONG_WORD} by 2029.
"""

HOSTILE_MD_2 = HOSTILE_MD_1.replace("by 2029", "by 2031").replace("fund 10 new", "fund 12 new").replace(
    "## 3 Layout", "## 3 Layout\n\nThe Office will hire [staff](javascript:alert(15)) by 2030."
)

HOSTILE_TEXT = """Plain text plan

The Government will keep ''.__class__.__mro__ and __init__ and *emphasis* as written.

The Agency will print <script>alert(11)</script> as text.
"""


def hostile_pdf() -> bytes:
    """A PDF whose text is full of Markdown punctuation."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setFont("Helvetica-Bold", 20)
    pdf.drawString(72, 780, "PDF plan")
    pdf.setFont("Helvetica", 11)
    pdf.drawString(72, 740, "The Government will fund 5 labs by 2030 under __init__ and *stars*.")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def hostile_docx() -> bytes:
    """A DOCX whose text is full of Markdown punctuation."""
    import io

    from docx import Document

    document = Document()
    document.add_heading("DOCX plan", 1)
    document.add_paragraph("The Ministry will open 3 centres by 2029 for ''.__class__ and ~~strike~~.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def build_hostile_corpus(tmp: Path) -> Any:
    """A corpus of hostile documents: HTML with scripts, handlers and an inline SVG, Markdown
    with javascript: links and raw HTML, bidi overrides in sentences, labels and titles, a
    600-character word, a 120-character label, plain text, a PDF and a DOCX full of Markdown
    punctuation."""
    from tracker.corpus import Corpus

    corpus = Corpus.init(tmp / "hostile-corpus", "Hostile corpus")
    inputs = tmp / "hostile-inputs"
    inputs.mkdir(exist_ok=True)

    def add(doc_id: str, name: str, text: str, date: str, label: str, **kw: Any) -> None:
        path = inputs / name
        path.write_text(text, encoding="utf-8")
        result = corpus.add(doc_id, path, date=datetime.date.fromisoformat(date), label=label, **kw)
        assert result.revision is not None, result.message

    add("xx/hostile-html", "plan-1.html", HOSTILE_HTML_1, "2025-01-01", "First <b>draft</b>",
        metadata={"title": "Hostile <script>alert(20)</script> plan", "language": "en", "issuer": "X"})
    add("xx/hostile-html", "plan-2.html", HOSTILE_HTML_2, "2025-06-01", "Adopted",
        source_url="https://example.org/plan.html")
    add("xx/hostile-md", "md-1.md", HOSTILE_MD_1, "2025-02-01", HOSTILE_LABEL,
        metadata={"title": HOSTILE_TITLE, "language": "en", "issuer": "Y " + RLO + "ysnim"})
    add("xx/hostile-md", "md-2.md", HOSTILE_MD_2, "2025-07-01", "Second " + RLO + "noisiver")
    add("xx/hostile-text", "text-1.txt", HOSTILE_TEXT, "2025-03-01", "Text",
        metadata={"title": "Plain text plan", "language": "en", "issuer": "Z"})
    for doc_id, name, data in (("xx/hostile-pdf", "plan.pdf", hostile_pdf()),
                               ("xx/hostile-docx", "plan.docx", hostile_docx())):
        (inputs / name).write_bytes(data)
        result = corpus.add(doc_id, inputs / name, date=datetime.date(2025, 4, 1), label="Binary",
                            metadata={"language": "en", "issuer": "W"})
        assert result.revision is not None, result.message
    return corpus
