"""A bare WSGI hello, served by the same gunicorn settings as every campus process: the
ceiling of requests per second this machine reaches with no Django, no database and no
neighbour behind the server (``python -m campus.bench.load`` measures it in the same run).

    $ gunicorn --config=python:campus.process.gunicorn_conf campus.bench.hello:application
"""

BODY = b'{"hello": "world"}'


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", "18")])
    return [BODY]
