"""dashboard: a learner's page assembled from three services (an aggregator / backend-for-frontend).

It owns no data and has no models; when a neighbour is down it still answers, marking that part
unavailable.
"""
