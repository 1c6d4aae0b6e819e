"""Throughput of `analyze_sentence` on real documents: sentences per second, cold and cached.

    python bench/bench_commitments.py                 # the EU AI Act texts in ../shared/realdocs
    python bench/bench_commitments.py FILE [FILE ...] # any Markdown or text files

The cold run uses a fresh lexicon (empty memo), as a first diff does; the warm
run repeats it, as diffing a later revision against the same text does. The
differ's budget is ~3 s for all the sentences of a 200,000-word pair.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from shared_folder import shared_dir  # bench/shared_folder.py (bench/ is sys.path[0])

from tracker.commitments.analysis import analyze_sentence
from tracker.commitments.themes import ThemeLexicon, default_lexicon
from tracker.language import detect_language
from tracker.sentences import split_sentences

DEFAULT_INPUTS = sorted((shared_dir() / "realdocs" / "eu" / "ai-act").glob("*.md"))


def sentences_of(path: Path) -> tuple[list[str], str]:
    """A document's sentences, line by line as normalized corpus text holds them, and its language."""
    text = path.read_text(encoding="utf-8", errors="replace")
    language = detect_language(text[:20000])
    sentences = [s for line in text.splitlines() if line.strip() for s in split_sentences(line, language)]
    return sentences, language


def measure(sentences: list[str], language: str) -> tuple[float, float, int]:
    """(cold sentences/s, warm sentences/s, commitments found) for one document."""
    lexicon = ThemeLexicon.build(default_lexicon().themes)
    start = time.process_time()
    found = sum(1 for s in sentences if analyze_sentence(s, language, lexicon=lexicon) is not None)
    cold = time.process_time() - start
    start = time.process_time()
    for s in sentences:
        analyze_sentence(s, language, lexicon=lexicon)
    warm = time.process_time() - start
    return len(sentences) / cold, len(sentences) / max(warm, 1e-9), found


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or DEFAULT_INPUTS
    if not paths:
        print("no input documents (pass files, or provide ../shared/realdocs)", file=sys.stderr)
        return 2
    analyze_sentence("The Agency will act.", "en")  # compile the cue and theme regexes once
    analyze_sentence("政府は、投資する。", "ja")
    total, total_time = 0, 0.0
    for path in paths:
        sentences, language = sentences_of(path)
        cold, warm, found = measure(sentences, language)
        total += len(sentences)
        total_time += len(sentences) / cold
        print(
            f"{path.name}: {len(sentences)} sentences ({language}), {found} commitments; "
            f"{cold:,.0f} sentences/s cold, {warm:,.0f} sentences/s cached"
        )
    print(f"all: {total} sentences in {total_time:.2f} s = {total / total_time:,.0f} sentences/s cold")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
