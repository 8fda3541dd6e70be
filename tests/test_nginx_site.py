"""The shipped nginx site (deploy/nginx/newsroom.conf) in front of gunicorn, as on the paper's server.

Debian's nginx runs this very file, with only its paths, socket and port replaced, as the current user in a
folder of its own on a free loopback port; gunicorn serves the application with production settings (DEBUG off,
the environment of deploy/newsroom.env.example) on a unix socket, over a database of its own (a fresh SQLite
file, or a PostgreSQL database beside the test run's when DATABASE_URL names one). Skipped where nginx is not
installed (.ci/run installs it).
"""

import grp
import gzip
import http.client
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests import servers
from tests.deploy_env import NGINX_SITE, PROJECT, nginx_body_limit_bytes

HOST = "baodongnai.example"  # the shipped server_name, and in the example's ALLOWED_HOSTS
BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"
RATE_LIMIT = 2

# What the shipped file names on a real server, and what each becomes here. Every one must be found: a change to
# the shipped file that moves a path fails here rather than leaving the test to try something else.
SERVER_PATHS = {
    "server unix:/run/newsroom/gunicorn.sock": "server unix:{socket}",
    "alias /srv/newsroom/staticfiles/;": "alias {static}/;",
    "alias /srv/newsroom/media/;": "alias {media}/;",
    "root /srv/newsroom/deploy/nginx/errors;": "root {project}/deploy/nginx/errors;",
    "listen 80;": "listen 127.0.0.1:{port};",
    "listen [::]:80;": "",
}


def _nginx_binary() -> str | None:
    # Debian puts it in /usr/sbin, which a non-root user's PATH may leave out.
    debian = "/usr/sbin/nginx"
    return shutil.which("nginx") or (debian if os.access(debian, os.X_OK) else None)


def site_config(**paths) -> str:
    text = NGINX_SITE.read_text()
    for shipped, here in SERVER_PATHS.items():
        assert text.count(shipped) == 1, f"{NGINX_SITE} no longer has exactly one {shipped!r}"
        text = text.replace(shipped, here.format(**paths))
    assert "/srv/newsroom" not in text and "/run/" not in text, "a server path was left in the tested config"
    return text


def main_config(nginx: str, folder: Path, site: Path) -> str:
    """What Debian's /etc/nginx/nginx.conf gives a site (mime types, octet-stream by default, sendfile), with
    every file nginx writes kept in `folder`."""
    conf_path = next(
        (arg.split("=", 1)[1] for arg in _nginx_build_options(nginx) if arg.startswith("--conf-path=")),
        "/etc/nginx/nginx.conf",
    )
    mime_types = Path(conf_path).parent / "mime.types"
    # Run as root (CI), nginx would hand its workers to "nobody", who may not read this run's folders.
    user = ""
    if os.geteuid() == 0:
        user = f"user {pwd.getpwuid(os.geteuid()).pw_name} {grp.getgrgid(os.getegid()).gr_name};"
    temp = "\n".join(
        f"    {kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{user}
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 64; }}
http {{
    include {mime_types};
    default_type application/octet-stream;
    sendfile on;
    access_log {folder / "access.log"};
{temp}
    include {site};
}}
"""


def _nginx_build_options(nginx: str) -> list[str]:
    return subprocess.run([nginx, "-V"], capture_output=True, text=True, check=True).stderr.split()


class Paper:
    """The running site: where nginx listens, the folders it serves, and the one published article."""

    def __init__(self, port, folder, static, media, env, article_id, article_url, article_title):
        self.port, self.folder, self.static, self.media, self.env = port, folder, static, media, env
        self.article_id, self.article_url, self.article_title = article_id, article_url, article_title

    def fetch(self, method, path, *, headers=None, body=None, source="127.0.0.1"):
        """One request to nginx from the given loopback address: (status, headers, body)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30, source_address=(source, 0))
        try:
            connection.request(
                method, path, body=body, headers={"Host": HOST, "User-Agent": BROWSER, **(headers or {})}
            )
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()

    def manage(self, *args) -> str:
        return servers.manage(self.env, *args)


@pytest.fixture(scope="module")
def paper(tmp_path_factory, request):
    nginx = _nginx_binary()
    if nginx is None:
        pytest.skip("nginx is not installed (apt-get install nginx; .ci/run installs it)")
    folder = tmp_path_factory.mktemp("nginx-site")
    static, media = folder / "static", folder / "media"
    media.mkdir()
    cleanups = []
    request.addfinalizer(lambda: [cleanup() for cleanup in reversed(cleanups)])

    database_url = servers.own_database(folder, "nginx_site", cleanups)
    env = servers.production_env(folder, database_url, NEWSROOM_VIEW_RATE_LIMIT=str(RATE_LIMIT))

    servers.prepare(env)
    article_id, article_url, article_title = servers.shell_json(
        env,
        "a = factories.article(title='Đồng Nai qua nginx')\nprint(json.dumps([a.pk, a.get_absolute_url(), a.title]))",
    )

    gunicorn_socket = folder / "gunicorn.sock"
    gunicorn = servers.start_gunicorn(env, f"unix:{gunicorn_socket}", folder / "gunicorn.log")
    cleanups.append(lambda: servers.stop(gunicorn))

    port = servers.free_port()
    site = folder / "newsroom.conf"
    site.write_text(site_config(socket=gunicorn_socket, static=static, media=media, project=PROJECT, port=port))
    conf = folder / "nginx.conf"
    conf.write_text(main_config(nginx, folder, site))
    nginx_command = [nginx, "-p", str(folder), "-c", str(conf), "-e", str(folder / "error.log")]
    servers.run([*nginx_command, "-t", "-q"], env)
    server = subprocess.Popen([*nginx_command, "-g", "daemon off;"], stderr=subprocess.PIPE)
    cleanups.append(lambda: servers.stop(server, signal.SIGQUIT))

    site_up = Paper(port, folder, static, media, env, article_id, article_url, article_title)
    deadline = time.monotonic() + 60
    while True:
        assert gunicorn.poll() is None, (folder / "gunicorn.log").read_text()
        assert server.poll() is None, server.stderr.read().decode()
        try:
            status, _, _ = site_up.fetch("GET", "/healthz-not-a-page/")
            if status != 502:
                break
        except OSError:
            pass
        assert time.monotonic() < deadline, "nginx and gunicorn did not come up within a minute"
        time.sleep(0.2)
    return site_up


def test_a_public_page_comes_through_nginx_compressed(paper):
    status, headers, body = paper.fetch("GET", "/")
    assert status == 200
    assert paper.article_title in body.decode()

    status, headers, body = paper.fetch("GET", paper.article_url, headers={"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in headers["Vary"]
    assert paper.article_title in gzip.decompress(body).decode()


def test_a_static_file_is_served_by_nginx_precompressed_and_kept_long(paper):
    hashed = json.loads((paper.static / "staticfiles.json").read_text())["paths"]["css/site.css"]
    status, headers, body = paper.fetch("GET", f"/static/{hashed}", headers={"Accept-Encoding": "gzip, br"})
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert headers["Content-Encoding"] == "gzip"
    # The very bytes collectstatic compressed at deploy time (gzip_static), not compressed again per request.
    assert body == (paper.static / f"{hashed}.gz").read_bytes()
    assert gzip.decompress(body) == (paper.static / hashed).read_bytes()
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["X-Content-Type-Options"] == "nosniff"

    status, headers, body = paper.fetch("GET", f"/static/{hashed}")
    assert status == 200 and "Content-Encoding" not in headers
    assert body == (paper.static / hashed).read_bytes()

    # A hashed name that is not there (a page from a newer deploy than its files) is not kept by browsers.
    status, headers, _ = paper.fetch("GET", "/static/css/site.0123456789ab.css")
    assert status == 404
    assert "Cache-Control" not in headers


def test_a_photo_is_served_as_an_image_with_nosniff(paper):
    from tests.factories import image_bytes

    photo = image_bytes("JPEG", size=(320, 200))
    (paper.media / "photos" / "2026" / "12").mkdir(parents=True)
    (paper.media / "photos" / "2026" / "12" / "cau-hoa-an.jpg").write_bytes(photo)
    status, headers, body = paper.fetch("GET", "/media/photos/2026/12/cau-hoa-an.jpg")
    assert status == 200
    assert body == photo
    assert headers["Content-Type"] == "image/jpeg"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Disposition" not in headers


@pytest.mark.parametrize("name", ["trang-gia.html", "hinh.svg", "kich-ban.js", "khong-duoi"])
def test_an_upload_that_is_not_a_picture_is_never_served_as_a_page(paper, name):
    planted = b"<html><body><script>alert(document.cookie)</script></body></html>"
    (paper.media / name).write_bytes(planted)
    status, headers, body = paper.fetch("GET", f"/media/{name}")
    assert status == 200 and body == planted
    assert headers["Content-Type"] == "application/octet-stream"
    assert headers["Content-Disposition"] == "attachment"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in headers["Content-Security-Policy"]


def _views(paper) -> int:
    out = paper.manage(
        "shell", "-c", f"from articles.ranking import article_views; print(article_views({paper.article_id}).total)"
    )
    return int(out.strip().splitlines()[-1])


def test_the_beacon_counts_through_nginx_by_the_real_client_address(paper):
    beacon = {"Content-Type": "text/plain;charset=UTF-8"}
    body = f"id={paper.article_id}"

    # One client posing as five: each request forges another X-Forwarded-For and claims HTTPS. No request
    # carries the "already counted" cookie, so only the rate limit per client address stands between them and
    # five views. The limit counts per clock minute, so the five must fall in one: when a minute begins while
    # they go (a loaded machine is slow), the same five go again from a client address not yet seen.
    for source in ("127.0.0.2", "127.0.0.4", "127.0.0.5"):
        before = _views(paper)
        minute = time.time() // 60
        cookies = []
        for n in range(5):
            forged = {"X-Forwarded-For": f"203.0.113.{n + 1}", "X-Forwarded-Proto": "https"}
            status, headers, _ = paper.fetch(
                "POST", "/api/xem/", headers={**beacon, **forged}, body=body, source=source
            )
            assert status == 204
            cookies += headers.get_all("Set-Cookie") or []
        if time.time() // 60 == minute:
            break
    assert _views(paper) == before + RATE_LIMIT

    # Another client (127.0.0.3) still counts: the limit is per address, and nginx told the application which.
    status, _, _ = paper.fetch("POST", "/api/xem/", headers=beacon, body=body, source="127.0.0.3")
    assert status == 204
    assert _views(paper) == before + RATE_LIMIT + 1

    # nginx sets X-Forwarded-Proto itself: the forged "https" never reached the application, which therefore
    # marked nothing Secure on this plain-http connection (BEHIND_HTTPS_PROXY=1 believes that header).
    assert len(cookies) == RATE_LIMIT
    assert all("nr_seen=" in cookie and "secure" not in cookie.lower() for cookie in cookies)


def test_an_oversized_upload_is_refused_with_a_vietnamese_page(paper):
    limit = nginx_body_limit_bytes()
    # What a browser does: the headers announce the size, and nginx answers before the body is sent.
    with socket.create_connection(("127.0.0.1", paper.port), timeout=30) as client:
        client.sendall(
            (
                f"POST /admin/articles/photo/add/ HTTP/1.1\r\nHost: {HOST}\r\nUser-Agent: {BROWSER}\r\n"
                f"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: {limit + 1}\r\n"
                "Connection: close\r\n\r\n"
            ).encode()
        )
        answer = b""
        while chunk := client.recv(65536):
            answer += chunk
    head, _, page = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413 ")
    assert b"Content-Type: text/html; charset=utf-8" in head
    text = page.decode("utf-8")
    assert "Tệp gửi lên quá lớn" in text and "20 MB" in text


def test_a_photo_at_the_limit_gets_through_nginx_to_the_application(paper):
    body = b"x" * (int(paper.env["PHOTO_MAX_BYTES"]) + 200 * 1024)
    status, headers, answer = paper.fetch(
        "POST", "/admin/login/", headers={"Content-Type": "application/octet-stream"}, body=body
    )
    # Django's own refusal (no CSRF cookie, on a page its middleware marks), so nginx passed it on: never a 413.
    assert status == 403
    assert headers["X-Frame-Options"] == "DENY"
    assert "DEBUG=True" in answer.decode()  # the foot of Django's CSRF failure page
