"""Outbound HTTP adapters: none, since credentials only consumes events."""

__all__: list[str] = []
