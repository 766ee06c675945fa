"""The monolith: the same four apps in one Django project, calling each other in-process."""
