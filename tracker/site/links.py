"""A link checker for built pages: every internal href/src must name a file of the site.

It also reports any page that would load something from outside the site (a script,
stylesheet, image or frame with an absolute URL): the site makes no external request.
Tags are found with a regular expression rather than a full HTML parser: pages are
checked on every build, and the templates always quote attributes.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

_VALUE = rb"""\s*=\s*(?:"([^"]*)"|'([^']*)')"""
_ANCHOR = re.compile(rb"<a\b[^>]*?\bhref" + _VALUE, re.IGNORECASE)
_SOURCE = re.compile(rb"<(?:script|img|iframe|source|audio|video|embed)\b[^>]*?\bsrc" + _VALUE, re.IGNORECASE)
_LINK_TAG = re.compile(rb"<link\b([^>]*)>", re.IGNORECASE)
_ATTR = re.compile(rb"""\b(href|rel)""" + _VALUE, re.IGNORECASE)


def _url(match: tuple[bytes, bytes]) -> str:
    value = match[0] if match[0] or not match[1] else match[1]
    return html.unescape(value.decode("utf-8", errors="replace"))


def references(data: bytes) -> tuple[list[str], list[str]]:
    """(navigations, loads): the URLs a page links to, and those the browser fetches by itself."""
    links = [_url(m) for m in _ANCHOR.findall(data)]
    loads = [_url(m) for m in _SOURCE.findall(data)]
    for match in _LINK_TAG.finditer(data):  # a <link> loads a stylesheet or icon, or only names a page
        attrs = {m.group(1).lower(): (m.group(2), m.group(3) or b"") for m in _ATTR.finditer(match.group(1))}
        if b"href" not in attrs:
            continue
        rel = _url(attrs.get(b"rel", (b"", b""))).lower()
        url = _url(attrs[b"href"])
        (
            loads if any(r in rel for r in ("stylesheet", "icon", "preload", "modulepreload")) else links
        ).append(url)
    return links, loads


def check_pages(
    pages: Mapping[str, bytes], exists: Iterable[str] | None = None, root: Path | None = None
) -> list[str]:
    """Problems found in the given pages (path -> HTML bytes), one line each, sorted.

    A target counts as present when it is in `exists` (the planned files) or on disk
    under `root`. A link to a folder must name its index.html, so file:// works.
    """
    known = set(exists or ())
    present: dict[str, bool] = {}  # target -> found; theme pages link to the same pages many times

    def found(target: str) -> bool:
        if target not in present:
            present[target] = target in known or (root is not None and (root / target).is_file())
        return present[target]

    problems = []
    for page, data in sorted(pages.items()):
        links, loads = references(data)
        for url in loads:
            if ":" in url or url.startswith("//"):
                parts = urlsplit(url)
                if parts.scheme or parts.netloc:
                    problems.append(f"{page}: loads an external resource {url}")
        base = posixpath.dirname(page)
        for url in links + loads:
            if ":" in url or url.startswith("//"):  # the slow parse only for what may be absolute
                parts = urlsplit(url)
                if parts.scheme or parts.netloc or not parts.path:
                    if parts.scheme.lower() == "javascript":
                        problems.append(f"{page}: javascript: link {url}")
                    continue
                path = parts.path
            else:
                path = url.partition("#")[0].partition("?")[0]
                if not path:
                    continue
            target = posixpath.normpath(posixpath.join(base, unquote(path)))
            if target == ".." or target.startswith("../"):
                problems.append(f"{page}: link leaves the site: {url}")
                continue
            if not found(target):
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
