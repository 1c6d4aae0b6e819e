"""Where the benchmarks find the project's shared/ folder (real documents, evaluation set, generators).

It lies beside the checkout (`<checkout>/../shared`), as in CI; TRACKER_SHARED names another
place (e.g. for a second working tree). tests/conftest.py's `shared_dir` fixture follows the
same rule.
"""

from __future__ import annotations

import os
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    """The shared/ folder (it may be missing: callers say so and carry on without it)."""
    return Path(os.environ.get("TRACKER_SHARED") or CHECKOUT.parent / "shared")
