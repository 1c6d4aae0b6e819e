"""The static site: gather a corpus and its diff reports, then write pages, feeds, JSON and search.

from tracker.site import build_site
result = build_site(corpus, Path("public"))
"""

from tracker.site.build import BuildResult, SiteBuildError, build_site

__all__ = ["BuildResult", "SiteBuildError", "build_site"]
