"""Checks for lesson batch_size (to be written)."""

__all__: list[str] = []
