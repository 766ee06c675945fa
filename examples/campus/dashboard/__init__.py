"""dashboard: a learner's page assembled from three services (an aggregator / backend-for-frontend).

By default it asks the catalog, enrollments and credentials on every page (API composition);
when a neighbour is down it still answers, marking that part unavailable. It also keeps a read
model of their events (`read_model`), which answers the page without asking anyone when
``CAMPUS_DASHBOARD_READ_MODEL`` is on. The sources of truth stay with its neighbours.
"""
