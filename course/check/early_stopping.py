"""Checks for lesson early_stopping (to be written)."""

__all__: list[str] = []
