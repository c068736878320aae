"""Serving the built site for the benchmark, the way a council would: Debian's own nginx with the
project's shipped settings from hosting/nginx/ (caching headers, on-the-fly gzip and gzip_static),
inside a minimal nginx.conf, through tools/local_nginx.py as tests/hosting does. It serves the
site at /handbook/ and logs every response (status, bytes sent, path), so the benchmark can count
bytes on the server's side as well as in the browser.

There is no stand-in: figures from any other server would not be comparable (`./dev test`
installs nginx).
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tools/, run as tools.benchmark or benchmark
import local_nginx  # noqa: E402

HOSTING_NGINX = local_nginx.HOSTING_NGINX
NGINX = local_nginx.NGINX
STOCK_MIME_TYPES = local_nginx.STOCK_MIME_TYPES
SUBPATH = local_nginx.SUBPATH
SHIPPED_ALIAS = local_nginx.SHIPPED_ALIAS


@dataclass
class LogEntry:
    status: int
    bytes_sent: int  # headers and body, as nginx's $bytes_sent
    path: str


@dataclass
class Server:
    """A running server: the handbook's address, and its log of responses."""

    kind: str  # "nginx", the only kind there is
    description: str
    url: str  # ends with /handbook/
    site: Path
    _stop: object = None
    _log: object = None

    def mark(self) -> int:
        return len(self.entries())

    def entries(self) -> list[LogEntry]:
        return self._log() if self._log else []

    def entries_since(self, mark: int) -> list[LogEntry]:
        return self.entries()[mark:]

    def stop(self) -> None:
        if self._stop:
            self._stop()
            self._stop = None


free_port = local_nginx.free_port


def nginx_available() -> str | None:
    """None when nginx can serve the benchmark, else why not."""
    if not (HOSTING_NGINX / "handbook-location.conf").is_file() or not (HOSTING_NGINX / "handbook-http.conf").is_file():
        return "hosting/nginx/ has no handbook-location.conf and handbook-http.conf"
    if not NGINX.exists() or not STOCK_MIME_TYPES.exists():
        return "Debian's nginx is not installed (apt-get install nginx)"
    location = (HOSTING_NGINX / "handbook-location.conf").read_text()
    if location.count(SHIPPED_ALIAS) != 1:
        return f"hosting/nginx/handbook-location.conf no longer has `{SHIPPED_ALIAS}` once"
    return None


def choose_server() -> str:
    """Why nginx serves the benchmark; stops with what to do when it cannot."""
    problem = nginx_available()
    if problem:
        raise SystemExit(f"The benchmark needs Debian's nginx with the shipped settings: {problem}")
    return "hosting/nginx/ and /usr/sbin/nginx are present"


# ---------------------------------------------------------------------------------------------
# nginx with the shipped settings
# ---------------------------------------------------------------------------------------------
def nginx_config(prefix: Path, site: Path, port: int) -> Path:
    """The shipped settings around the site, logging each response's status, size and address."""
    return local_nginx.write_config(prefix, site, port, access_log="benchmark",
                                    http_extra="    log_format benchmark '$status $bytes_sent $request_uri';")


def _read_nginx_log(path: Path) -> list[LogEntry]:
    if not path.exists():
        return []
    entries = []
    for line in path.read_text().splitlines():
        status, sent, uri = (line.split(" ", 2) + ["", ""])[:3]
        if status.isdigit() and sent.isdigit():
            entries.append(LogEntry(int(status), int(sent), uri))
    return entries


def start_nginx(site: Path, port: int, prefix: Path) -> Server:
    prefix.mkdir(parents=True, exist_ok=True)
    url = f"http://127.0.0.1:{port}{SUBPATH}"
    try:
        process = local_nginx.start(prefix, nginx_config(prefix, site, port), url)
    except RuntimeError as problem:
        raise SystemExit(f"nginx did not start for the benchmark: {problem}") from None
    version = subprocess.run([str(NGINX), "-v"], capture_output=True, text=True).stderr.strip()
    return Server("nginx", f"{version} with hosting/nginx/ settings", url, site, _stop=lambda: local_nginx.stop(process),
                  _log=lambda: _read_nginx_log(prefix / "access.log"))
