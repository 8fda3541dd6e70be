"""A bare WSGI app for the ladder: what gunicorn + wrk alone can do on this machine (no Django)."""


def application(environ, start_response):
    if environ["REQUEST_METHOD"] != "POST":
        start_response("405 Method Not Allowed", [("Content-Length", "0")])
        return [b""]
    length = int(environ.get("CONTENT_LENGTH") or 0)
    environ["wsgi.input"].read(length)
    start_response("204 No Content", [])
    return [b""]
