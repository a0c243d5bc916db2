"""Checks for lesson epochs (to be written)."""

__all__: list[str] = []
