"""Outbound HTTP adapters: none, since the catalog calls no other service."""

__all__: list[str] = []
