"""No models of its own: users are django.contrib.auth's, OAuth2 clients and tokens
django-oauth-toolkit's. Their tables live in this service's database (``owns_apps`` in
`campus.registry`), and nowhere else."""
