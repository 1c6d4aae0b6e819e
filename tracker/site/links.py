"""A link checker for built pages: every internal href/src must name a file of the site.

It also reports any page that would load something from outside the site (a script,
stylesheet, image or frame with an absolute URL): the site makes no external request.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

_LOADING = {"script": "src", "img": "src", "iframe": "src", "source": "src", "audio": "src", "video": "src"}


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []  # navigations (a href)
        self.loads: list[str] = []  # resources the browser fetches on its own
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v for k, v in attrs if v is not None}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "href" in values:
            self.links.append(values["href"])
        elif tag == "link" and "href" in values:
            rel = values.get("rel", "")
            (self.loads if "stylesheet" in rel or "icon" in rel or "preload" in rel else self.links).append(
                values["href"]
            )
        elif tag in _LOADING and _LOADING[tag] in values:
            self.loads.append(values[_LOADING[tag]])


def _is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc)


def check_pages(
    pages: Mapping[str, bytes], exists: Iterable[str] | None = None, root: Path | None = None
) -> list[str]:
    """Problems found in the given pages (path -> HTML bytes), one line each, sorted.

    A target counts as present when it is in `exists` (the planned files) or on disk
    under `root`. A link to a folder must name its index.html, so file:// works.
    """
    known = set(exists or ())
    problems = []
    for page, data in sorted(pages.items()):
        refs = _Refs()
        refs.feed(data.decode("utf-8", errors="replace"))
        for url in refs.loads:
            if _is_external(url):
                problems.append(f"{page}: loads an external resource {url}")
        for url in refs.links + refs.loads:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or not parts.path:
                if parts.scheme == "javascript":
                    problems.append(f"{page}: javascript: link {url}")
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
            if target.startswith("../") or target == "..":
                problems.append(f"{page}: link leaves the site: {url}")
                continue
            if target in known or (root is not None and (root / target).is_file()):
                continue
            problems.append(f"{page}: broken link {url}")
    return sorted(set(problems))


def check_site(root: Path) -> list[str]:
    """Check every HTML page of a built site on disk (for tests and `tracker build --strict`)."""
    pages = {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*.html"))
        if not p.relative_to(root).as_posix().startswith(".")
    }
    return check_pages(pages, root=root)
