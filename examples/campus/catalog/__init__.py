"""catalog: the source of truth for courses (an entity service)."""
