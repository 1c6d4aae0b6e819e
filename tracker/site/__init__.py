"""The static site: gather a corpus and its diff reports, then write pages, feeds, JSON and search.

from tracker.site import build_site
result = build_site(corpus, Path("public"))
counts = change_summary(corpus, before, after, Path("public"))  # the report the site keeps
"""

from tracker.site.build import BuildResult, SiteBuildError, build_site
from tracker.site.gather import change_summary

__all__ = ["BuildResult", "SiteBuildError", "build_site", "change_summary"]
