"""policy tracker: keep every revision of national AI plans and see which commitments changed."""

__version__ = "0.1.0"
