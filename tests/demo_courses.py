"""The demo course run the tests name, as the catalog's migration 0002 stores it, open for
enrollment. Written out here rather than taken from campus, so a test notices when the code's
demo course (`campus.keys.DEMO_COURSE`) changes."""

__all__ = ["OPEN_COURSE"]

OPEN_COURSE = "course-v1:CampusX+PY101+2026"
