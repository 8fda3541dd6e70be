"""Debian's Varnish on a free loopback port in front of given backends, for a test (tests/test_varnish.py, and the
several-machines tests), running the shipped deploy/varnish/newsroom.vcl unchanged.

    with start_varnish(folder, [("127.0.0.1", 8001), ("127.0.0.1", 8002)]) as varnish:
        varnish.url              http://127.0.0.1:<port>  (readers, and PURGE: NEWSROOM_CDN_PURGE_URLS)
        varnish.fetch(...)       one request: (status, headers, body)
        varnish.adm("ban.list")  varnishadm's answer

Only the backends file is written here (what deploy/varnish/backends.vcl is on a real server): the listed
servers in a round-robin director `app`, probed on /healthz with the site's Host, and an empty `purgers` ACL (the
VCL always takes PURGE from loopback). varnishd runs in the foreground as the current user, with no jail
(`-j none`: as root its default jail would hand the work to the `varnish`/`vcache` users, who may not read a
test's folder), its working folder, secret and logs in `folder`. Skip a test with `pytest.skip(REASON)` when
`varnishd_binary()` is None.
"""

import http.client
import os
import secrets
import shutil
import subprocess
from pathlib import Path

from tests import servers
from tests.deploy_env import PROJECT

VCL = PROJECT / "deploy" / "varnish" / "newsroom.vcl"
SITE_HOST = "baodongnai.example"  # in deploy/newsroom.env.example's ALLOWED_HOSTS
REASON = "varnishd is not installed (apt-get install varnish; .ci/run installs it)"


def varnishd_binary() -> str | None:
    # Debian puts it in /usr/sbin, which a non-root user's PATH may leave out.
    debian = "/usr/sbin/varnishd"
    return shutil.which("varnishd") or (debian if os.access(debian, os.X_OK) else None)


def backends_vcl(backends: list[tuple[str, int]], *, host_header: str = SITE_HOST, purgers=()) -> str:
    """A backends.vcl (the contract of deploy/varnish/backends.vcl) for these (host, port) app servers."""
    declared = "".join(
        f"""
backend app{number} {{
    .host = "{host}";
    .port = "{port}";
    .host_header = "{host_header}";
    .probe = healthz;
}}
"""
        for number, (host, port) in enumerate(backends, 1)
    )
    added = "".join(f"    app.add_backend(app{number});\n" for number in range(1, len(backends) + 1))
    allowed = "".join(f'    "{address}";\n' for address in purgers)
    return f"""vcl 4.1;

import directors;

probe healthz {{
    .url = "/healthz";
    .interval = 1s;
    .timeout = 1s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}}
{declared}
acl purgers {{
{allowed}}}

sub vcl_init {{
    new app = directors.round_robin();
{added}}}
"""


class Varnish:
    def __init__(self, process: subprocess.Popen, folder: Path, port: int, admin_port: int):
        self.process, self.folder, self.port, self.admin_port = process, folder, port, admin_port
        self.url = f"http://127.0.0.1:{port}"

    def fetch(self, method: str, path: str, *, headers=None, body=None, host: str = SITE_HOST, source="127.0.0.1"):
        """One request to Varnish from the given loopback address: (status, headers, body)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30, source_address=(source, 0))
        try:
            connection.request(method, path, body=body, headers={"Host": host, **(headers or {})})
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()

    def adm(self, *command: str) -> str:
        result = subprocess.run(
            [
                shutil.which("varnishadm") or "/usr/bin/varnishadm",
                "-T",
                f"127.0.0.1:{self.admin_port}",
                "-S",
                str(self.folder / "secret"),
                *command,
            ],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert result.returncode == 0, f"varnishadm {' '.join(command)}: {result.stdout}{result.stderr}"
        return result.stdout

    def alive(self) -> None:
        assert self.process.poll() is None, f"varnishd ended:\n{self.log()}"

    def log(self) -> str:
        return (self.folder / "varnishd.log").read_text(errors="replace")

    def stop(self) -> None:
        servers.stop(self.process)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def start_varnish(folder: Path, backends: list[tuple[str, int]], *, purgers=(), timeout: float = 60) -> Varnish:
    """varnishd running deploy/varnish/newsroom.vcl on a free 127.0.0.1 port, once it answers. The caller stops it
    (`.stop()`, or use it as a context manager)."""
    varnishd = varnishd_binary()
    assert varnishd is not None, REASON
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "backends.vcl").write_text(backends_vcl(backends, purgers=purgers))
    (folder / "secret").write_text(secrets.token_hex(16))
    (folder / "secret").chmod(0o600)
    port, admin_port = servers.free_port(), servers.free_port()
    command = [
        varnishd,
        "-F",  # in the foreground: this process is varnishd's manager, and stopping it stops the child
        "-j",
        "none",
        "-n",
        str(folder / "work"),
        "-a",
        f"127.0.0.1:{port}",
        "-T",
        f"127.0.0.1:{admin_port}",
        "-S",
        str(folder / "secret"),
        "-f",
        str(VCL),
        # `include "backends.vcl"` is looked up here: the generated one, not the shipped example.
        "-p",
        f"vcl_path={folder}",
        "-s",
        "malloc,32m",
        # A test's traffic is a few requests: one small pool instead of two of a hundred threads each.
        "-p",
        "thread_pools=1",
        "-p",
        "thread_pool_min=10",
    ]
    with (folder / "varnishd.log").open("ab") as output:
        process = subprocess.Popen(command, cwd=folder, stdout=output, stderr=subprocess.STDOUT)
    varnish = Varnish(process, folder, port, admin_port)
    try:
        # Any answer will do (a 503 while no backend is up yet): Varnish is listening with the VCL loaded.
        servers.wait_until(
            lambda: varnish.fetch("GET", "/healthz")[0] > 0, "varnishd", timeout=timeout, alive=varnish.alive
        )
    except BaseException:
        varnish.stop()
        raise
    return varnish
