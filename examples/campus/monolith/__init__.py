"""The monolith: the same five apps in one Django project, calling each other in-process."""
