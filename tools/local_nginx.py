"""Debian's stock nginx on this machine, serving a built site under /handbook/ with the shipped
configuration (hosting/nginx/) exactly as a council would install it. Used by the hosting tests
and by the benchmark, which add their own logging around it.

Started as root, its workers run as www-data, as Debian's own nginx runs them, so a file or folder
of the site that such a user cannot read answers 403 here too.
"""

from __future__ import annotations

import grp
import os
import pwd
import re
import socket
import stat
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, TypeVar

ROOT = Path(__file__).resolve().parents[1]
HOSTING_NGINX = ROOT / "hosting" / "nginx"
NGINX = Path("/usr/sbin/nginx")
STOCK_MIME_TYPES = Path("/etc/nginx/mime.types")
SUBPATH = "/handbook/"
SHIPPED_ALIAS = "alias /var/www/handbook/;"  # the folder named in handbook-location.conf
WORKER_USER = "www-data"  # the user Debian's web servers answer requests as
POLL_S = 0.05  # how often wait_for asks again
Value = TypeVar("Value")


def worker_user() -> tuple[str, str] | None:
    """The unprivileged user, and its group, that a server started now answers requests as, if it
    can switch to one (only root can); None when servers run as the current user anyway."""
    if os.geteuid() != 0:
        return None
    try:
        user = pwd.getpwnam(WORKER_USER)
    except KeyError:
        user = pwd.getpwnam("nobody")
    return user.pw_name, grp.getgrgid(user.pw_gid).gr_name


def let_workers_in(*paths: Path) -> None:
    """Let a server's unprivileged workers reach these folders: each folder above them gets
    o+x (pass through, not list). Only folders in the system's temporary folder are opened (such
    as pytest's private ones, 0700); anything else that is closed is reported instead. What is
    inside is the caller's to make readable (the build makes the site 0644/0755). Beware that
    every pytest session that starts closes pytest's own folder (/tmp/pytest-of-<user>) again:
    tests/hosting/conftest.py gives its tests folders elsewhere."""
    if worker_user() is None:
        return
    temporary = Path(tempfile.gettempdir()).resolve()
    for path in paths:
        path = path.resolve()
        for folder in [path, *path.parents]:
            mode = folder.stat().st_mode
            if mode & stat.S_IXOTH:
                continue
            if folder != temporary and temporary in folder.parents:
                folder.chmod(mode | stat.S_IXOTH)
            else:
                raise PermissionError(f"{folder} is closed to other users, so {worker_user()[0]} cannot reach {path}")


def write_config(prefix: Path, site: Path, port: int, *, location_text: str | None = None,
                 http_extra: str = "", access_log: str = "", server_extra: str = "") -> Path:
    """A minimal nginx.conf in `prefix` that includes the shipped files, with the site's folder
    put in place of the shipped one. `location_text` replaces the shipped location snippet (for
    a caller that must adjust it); the other arguments add lines to the http and server blocks
    (http_extra comes first, so a log_format it defines can name access_log's format)."""
    location = location_text if location_text is not None else (HOSTING_NGINX / "handbook-location.conf").read_text()
    if location.count(SHIPPED_ALIAS) != 1:
        raise ValueError(f"expected `{SHIPPED_ALIAS}` once in the location snippet")
    (prefix / "handbook-location.conf").write_text(location.replace(SHIPPED_ALIAS, f"alias {site}/;"))
    (prefix / "handbook-http.conf").write_text((HOSTING_NGINX / "handbook-http.conf").read_text())
    for folder in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / folder).mkdir(exist_ok=True)  # nginx hands these to the workers' user itself
    let_workers_in(site, prefix)
    user = "user {} {};".format(*worker_user()) if worker_user() else ""
    config = prefix / "nginx.conf"
    config.write_text(f"""
{user}
worker_processes 1;
error_log {prefix}/error.log warn;
events {{ worker_connections 256; }}
http {{
    include {STOCK_MIME_TYPES};
    default_type application/octet-stream;
    sendfile on;
{http_extra}
    access_log {prefix}/access.log {access_log};
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {prefix}/handbook-http.conf;

    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        include {prefix}/handbook-location.conf;
{server_extra}
    }}
}}
""")
    return config


def command(prefix: Path, config: Path) -> list[str]:
    """nginx in the foreground, with its pid and temporary files inside `prefix`."""
    return [str(NGINX), "-p", str(prefix), "-c", str(config), "-g", f"daemon off; pid {prefix}/nginx.pid;"]


def config_problem(prefix: Path, config: Path) -> str | None:
    """What `nginx -t` says is wrong with the configuration, or None."""
    check = subprocess.run([*command(prefix, config), "-t"], capture_output=True, text=True)
    return None if check.returncode == 0 else check.stderr


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (a server's workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def process_uid(pid: int) -> int:
    """The real user id a process runs as."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^Uid:\s+(\d+)", status, re.M).group(1))


def wait_for(condition: Callable[[], Value], seconds: float, what: str) -> Value:
    """Ask `condition` again and again until it gives something truthy, and return that; raise
    TimeoutError naming `what` after `seconds`. The one way the tests and the benchmark wait for
    something outside a browser (a server answering, a process gone, a line in a log), which
    offers no event to wait on: a state is waited for, never a guessed length of time."""
    deadline = time.monotonic() + seconds
    while not (value := condition()):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {seconds:g} s")
        time.sleep(POLL_S)
    return value


def wait_until_answering(url: str, process: subprocess.Popen | None = None, name: str = "nginx",
                         seconds: float = 15) -> None:
    """Wait until a server just started answers `url`; raise RuntimeError with what it said if
    its process stops first."""
    def answering() -> bool:
        if process is not None and process.poll() is not None:
            errors = process.stderr.read() if process.stderr else ""
            raise RuntimeError(f"{name} stopped at start-up: {errors}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return True
        except (urllib.error.URLError, ConnectionError, OSError):
            return False
    wait_for(answering, seconds, f"{name} answering on {url}")


def free_port() -> int:
    """A port nothing on this machine listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(prefix: Path, config: Path, url: str) -> subprocess.Popen:
    """nginx checked with `nginx -t`, started, and answering `url`; RuntimeError (with what it
    said, and its error log) when it cannot be."""
    problem = config_problem(prefix, config)
    if problem:
        raise RuntimeError(f"nginx -t rejected the configuration:\n{problem}")
    process = subprocess.Popen(command(prefix, config), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_until_answering(url, process)
    except (RuntimeError, TimeoutError) as failure:
        stop(process)
        log = prefix / "error.log"
        raise RuntimeError(f"{failure}\n{log.read_text() if log.exists() else ''}") from None
    return process


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def running(prefix: Path, config: Path, url: str) -> Iterator[subprocess.Popen]:
    """nginx for the length of a `with` block (see start)."""
    process = start(prefix, config, url)
    try:
        yield process
    finally:
        stop(process)
