"""Where every page of the site lives: one place decides permalinks and relative links.

Permalinks are built from things that never change once recorded (a document id, a
revision date, a commit), so a revision's URL stays the same when later revisions
arrive. Every link in the site is relative, so it works from any host and from file://.
"""

from __future__ import annotations

import functools
import posixpath
import re
from urllib.parse import quote, urlsplit

from tracker.errors import TrackerError

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_segment(value: str) -> str:
    """One path segment made only of characters that need no quoting anywhere."""
    cleaned = _UNSAFE.sub("-", value).strip("-.")
    return cleaned or "_"


@functools.lru_cache(maxsize=1 << 16)  # every page of a document asks; beyond 8,192 documents too
def doc_dir(doc_id: str) -> str:
    return "documents/" + "/".join(safe_segment(part) for part in doc_id.split("/") if part)


def document_page(doc_id: str) -> str:
    return f"{doc_dir(doc_id)}/index.html"


def document_feed(doc_id: str) -> str:
    return f"{doc_dir(doc_id)}/feed.xml"


def revision_page(doc_id: str, slug: str) -> str:
    return f"{doc_dir(doc_id)}/{slug}.html"


def revision_text(doc_id: str, slug: str) -> str:
    return f"{doc_dir(doc_id)}/{slug}.md"


def compare_page(doc_id: str, first_slug: str, slug: str) -> str:
    return f"{doc_dir(doc_id)}/compare/{first_slug}--{slug}.html"


def theme_page(theme_id: str) -> str:
    return f"themes/{safe_segment(theme_id)}.html"


#: Originals a browser may show as text; every other original is published as a download.
TEXT_SOURCES = frozenset({"txt", "md", "markdown", "html", "htm", "xhtml", "xml", "svg", "csv", "json"})


@functools.lru_cache(maxsize=1 << 16)  # asked for every revision on every build
def source_file(sha256: str, ext: str) -> str:
    """Where a revision's original is published: never under a name a host or a browser
    would serve as a page, an image or a script (an HTML or SVG original would run its
    scripts on the site's own origin). A text format gets `.txt` (text/plain on every host
    and from file://), anything else `.bin` (application/octet-stream: a download)."""
    name = source_download_name(sha256, ext)
    if name.endswith((".txt", ".bin")):
        return f"sources/{name}"
    return f"sources/{name}.{'txt' if ext.lower() in TEXT_SOURCES else 'bin'}"


def source_download_name(sha256: str, ext: str) -> str:
    """The name a browser saves an original under (the `download` attribute of its links)."""
    return f"{safe_segment(sha256)}.{safe_segment(ext or 'bin')}"


def api_document(doc_id: str) -> str:
    return f"api/{doc_dir(doc_id)}.json"


def api_report(doc_id: str, slug: str) -> str:
    return f"api/{doc_dir(doc_id)}/{slug}.json"


def search_shard(doc_id: str) -> str:
    return "search/" + "/".join(safe_segment(part) for part in doc_id.split("/") if part) + ".js"


HOME = "index.html"
THEMES = "themes/index.html"
SEARCH = "search.html"
SEARCH_MANIFEST = "search/manifest.js"
FEED = "feed.xml"
API_INDEX = "api/index.json"
API_THEMES = "api/themes.json"
API_CHANGES = "api/changes.json"
COMMITMENTS_CSV = "api/commitments.csv"
CHANGES_CSV = "api/commitment-changes.csv"
NOT_FOUND = "404.html"


def relative(from_page: str, to_path: str) -> str:
    """The link from one output file to another, relative and URL-quoted."""
    target, _, fragment = to_path.partition("#")
    rel = _relative_path(posixpath.dirname(from_page), target) if target else posixpath.basename(from_page)
    return f"{rel}#{fragment}" if fragment else rel


@functools.lru_cache(maxsize=65536)
def _relative_path(start: str, target: str) -> str:
    """posixpath.relpath for clean relative paths, cached: every page links to the same few files."""
    here = start.split("/") if start else []
    there = target.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    rel = "/".join([".."] * (len(here) - common) + there[common:])
    return quote(rel, safe="/.-_~")


def check_base_url(base_url: str) -> str:
    """The site's public URL, which goes into canonical and feed links: http(s) only."""
    try:
        parts = urlsplit(base_url)
        valid = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:
        valid = False
    if not valid or any(ch.isspace() or ord(ch) < 32 for ch in base_url):
        raise TrackerError(
            f"invalid base URL {base_url!r}: expected an http(s) URL such as https://example.org/ai-plans/"
        )
    return base_url


def absolute(base_url: str | None, path: str) -> str | None:
    """The public URL of an output file, when the site's base URL is known."""
    if not base_url:
        return None
    return base_url.rstrip("/") + "/" + quote(path, safe="/.-_~#")
