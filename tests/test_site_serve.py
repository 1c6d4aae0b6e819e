"""`tracker serve` follows the corpus with tracker watch's observer and debouncer: one rebuild per change."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from tests.test_site_support import add_revision, build_sample_corpus
from tracker.site import BuildResult, build_site
from tracker.site.serve import ChangeWatcher


def test_a_change_to_the_corpus_triggers_one_rebuild(make_corpus: Any, tmp_path: Path) -> None:
    corpus = build_sample_corpus(make_corpus, tmp_path)
    out = corpus.root / "public"  # inside the corpus: the rebuild's own writes must not trigger another
    build_site(corpus, out)
    builds: list[BuildResult] = []
    rebuilt = threading.Event()

    def rebuild() -> None:
        corpus.refresh()
        builds.append(build_site(corpus, out))
        rebuilt.set()

    watcher = ChangeWatcher(corpus.root, out, rebuild)
    watcher.start()
    try:
        add_revision(corpus, tmp_path, "jp/ai-plan", "# AI推進計画\n\n政府は計算基盤を整備する。\n",
                     "2026-05-01", "改定")  # a commit: a burst of file events in .git and the document
        assert rebuilt.wait(60), "no rebuild after a new revision"
        assert watcher.idle.wait(60), "the debouncer never settled"
    finally:
        watcher.stop()
    assert len(builds) == 1, [b.files_written for b in builds]
    assert builds[0].files_written > 0
    assert (out / "documents" / "jp" / "ai-plan" / "2026-05-01.html").is_file()
