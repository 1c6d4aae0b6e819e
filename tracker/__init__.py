"""policy tracker: keep every revision of national AI plans and see which commitments changed."""

from tracker import code_cache

__version__ = "0.1.0"

code_cache.install()  # before any module of the package defines a dataclass
