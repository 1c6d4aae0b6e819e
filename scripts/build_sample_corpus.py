"""Record the project's sample corpus, revision by revision, with the tracker's own API.

The texts and the order a watcher would have received them are in
`samples/manifest.toml`; this script replays that order into a corpus folder:
one `Corpus.add` (one commit) per revision, with real revision dates, including
a back-filled older draft, a DOCX and a PDF original (rendered by
`samples/render_originals.py`), and one technical re-normalization.

    python scripts/build_sample_corpus.py corpus            # the lead's one-off: creates ./corpus
    python scripts/build_sample_corpus.py /tmp/sample-corpus

The target must be a new folder or an empty corpus; nothing is overwritten.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import re
import shutil
import sys
import tempfile
import tomllib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
SAMPLE_AUTHOR = "Policy tracker samples <samples@policy-tracker.invalid>"
# What normalizer 0 wrote: whole paragraphs on one line. Only the sample's technical-revision story uses it.
LEGACY_NORMALIZER_VERSION = "0"
_NUMBERED = re.compile(r"\d+\. ")

sys.path.insert(0, str(REPO))  # run from a checkout without installing

from tracker.corpus import Corpus  # noqa: E402
from tracker.errors import CorpusError, TrackerError  # noqa: E402


@dataclass(frozen=True)
class Recording:
    """One revision as the manifest describes it."""

    doc_id: str
    text: Path
    date: datetime.date
    label: str
    status: str
    format: str = "md"
    technical: bool = False
    legacy_normalizer: bool = False
    source_url: str | None = None


@dataclass(frozen=True)
class Manifest:
    title: str
    documents: Mapping[str, Mapping[str, Any]]
    recordings: tuple[Recording, ...]


def load_manifest(samples: Path = SAMPLES) -> Manifest:
    """The manifest, with every text path checked, so a typo fails before anything is recorded."""
    path = samples / "manifest.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise TrackerError(f"cannot read {path}: {exc}") from None
    documents = data.get("documents", {})
    recordings = []
    for number, entry in enumerate(data.get("recording", []), start=1):
        doc_id = entry["doc"]
        if doc_id not in documents:
            raise TrackerError(f"{path}: recording {number} names unknown document {doc_id}")
        text = samples / "texts" / doc_id / entry["text"]
        if not text.is_file():
            raise TrackerError(f"{path}: recording {number}: no text {text}")
        fmt = entry.get("format", "md")
        if fmt not in ("md", "pdf", "docx"):
            raise TrackerError(f"{path}: recording {number}: unknown format {fmt!r} (md, pdf or docx)")
        recordings.append(
            Recording(
                doc_id=doc_id,
                text=text,
                date=entry["date"],
                label=entry["label"],
                status=entry["status"],
                format=fmt,
                technical=bool(entry.get("technical", False)),
                legacy_normalizer=entry.get("normalizer") == "legacy",
                source_url=entry.get("source_url"),
            )
        )
    return Manifest(str(data.get("title", "Sample corpus")), documents, tuple(recordings))


def _load_renderer(samples: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("render_originals", samples / "render_originals.py")
    if spec is None or spec.loader is None:
        raise TrackerError(f"cannot load {samples / 'render_originals.py'}")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return sys.modules[spec.name]


def legacy_text(text: str, language: str) -> str:
    """What normalizer 0 made of a normalized text: each paragraph's sentences joined on one line."""
    glue = "" if language == "ja" else " "
    out: list[str] = []
    paragraph: list[str] = []
    for line in [*text.splitlines(), ""]:
        plain = bool(line) and not line.startswith(("#", "- ", "|", "> ", " ")) and not _NUMBERED.match(line)
        if plain:
            paragraph.append(line)
            continue
        if paragraph:
            out.append(glue.join(paragraph))
            paragraph = []
        out.append(line)
    return "\n".join(out).rstrip("\n") + "\n"


@contextmanager
def legacy_normalizer() -> Iterator[None]:
    """Record as normalizer 0 did, so the sample corpus holds a revision that is due re-normalization.

    `Corpus.add` looks up `tracker.ingest.ingest_file` and `NORMALIZER_VERSION`
    when called; both are swapped for the duration and restored after.
    """
    import dataclasses

    import tracker.ingest as ingest

    original: Callable[..., Any] = ingest.ingest_file
    version = ingest.NORMALIZER_VERSION

    def ingest_like_normalizer_0(path: Path, language: str | None = None) -> Any:
        result = original(path, language=language)
        return dataclasses.replace(result, text=legacy_text(result.text, result.language))

    ingest.ingest_file = ingest_like_normalizer_0
    ingest.NORMALIZER_VERSION = LEGACY_NORMALIZER_VERSION
    try:
        yield
    finally:
        ingest.ingest_file = original
        ingest.NORMALIZER_VERSION = version


def _metadata(table: Mapping[str, Any]) -> dict[str, str]:
    """document.toml values as `Corpus.add` takes them (strings; booleans as true/false)."""
    return {
        key: str(value).lower() if isinstance(value, bool) else str(value) for key, value in table.items()
    }


def _source_for(recording: Recording, manifest: Manifest, workdir: Path, renderer: ModuleType | None) -> Path:
    """The file the watcher received: the Markdown itself, or a PDF/DOCX rendered from it."""
    if recording.format == "md":
        return recording.text
    assert renderer is not None
    document = manifest.documents[recording.doc_id]
    target = workdir / f"{recording.text.stem}.{recording.format}"
    return Path(
        renderer.render(
            recording.text, target, language=str(document["language"]), title=str(document["title"])
        )
    )


def _open_target(path: Path, title: str) -> Corpus:
    """A new corpus at path, or the empty corpus already there; never one that has documents."""
    if (path / "tracker.toml").is_file():
        corpus = Corpus(path)
        if corpus.document_ids():
            raise CorpusError(f"{path} already has documents; build the sample corpus into a new folder")
        return corpus
    if path.exists() and any(path.iterdir()):
        raise CorpusError(f"{path} exists and is not empty; build the sample corpus into a new folder")
    return Corpus.init(path, title=title)


def build(path: Path, *, samples: Path = SAMPLES, log: Callable[[str], None] = print) -> Corpus:
    """Record every revision of the manifest into the corpus at path, in the manifest's order."""
    manifest = load_manifest(samples)
    corpus = _open_target(path, manifest.title)
    needs_renderer = any(rec.format != "md" for rec in manifest.recordings)
    renderer = _load_renderer(samples) if needs_renderer else None
    workdir = Path(tempfile.mkdtemp(prefix="sample-originals-"))
    try:
        for number, recording in enumerate(manifest.recordings, start=1):
            document = manifest.documents[recording.doc_id]
            source = _source_for(recording, manifest, workdir, renderer)
            with legacy_normalizer() if recording.legacy_normalizer else _nothing():
                result = corpus.add(
                    recording.doc_id,
                    source,
                    date=recording.date,
                    label=recording.label,
                    status=recording.status,
                    source_url=recording.source_url,
                    metadata=_metadata(document),
                    author=SAMPLE_AUTHOR,
                    technical=recording.technical,
                )
            if result.revision is None:
                raise CorpusError(
                    f"recording {number} ({recording.doc_id}, {recording.label}): {result.message}"
                )
            log(f"[{number:2}/{len(manifest.recordings)}] {result.message}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return corpus


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Record the illustrative sample corpus (samples/manifest.toml) into a new corpus folder.",
        epilog="Example: python scripts/build_sample_corpus.py /tmp/s; tracker check --corpus /tmp/s",
    )
    parser.add_argument(
        "corpus", type=Path, help="folder to create (a new git repository, or a folder inside one)"
    )
    parser.add_argument(
        "--samples", type=Path, default=SAMPLES, help="the samples folder (default: %(default)s)"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print only the summary")
    args = parser.parse_args(argv)
    try:
        corpus = build(args.corpus, samples=args.samples, log=(lambda _: None) if args.quiet else _stderr)
    except TrackerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    documents = corpus.documents()
    revisions = sum(len(corpus.timeline(doc.id)) for doc in documents)
    print(f"sample corpus at {corpus.root}: {len(documents)} documents, {revisions} revisions")
    return 0


def _stderr(line: str) -> None:
    print(line, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
