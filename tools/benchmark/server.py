"""Serving the built site for the benchmark, the way a council would.

Two servers, chosen by `--server`:

- nginx: Debian's own nginx with the project's shipped settings from hosting/nginx/ (caching
  headers, on-the-fly gzip and gzip_static), inside a minimal nginx.conf, as tests/hosting does;
- python: a small server in this file that sets the same caching headers and serves ready-made
  `.br`/`.gz` copies when the browser accepts them. It is the fallback when hosting/nginx/ or
  nginx itself is missing.

Both serve the site at /handbook/ and keep a log of every response (status, bytes sent, path),
so the benchmark can count bytes on the server's side as well as in the browser.
"""

from __future__ import annotations

import email.utils
import gzip
import http.server
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tools/, run as tools.benchmark or benchmark
import local_nginx  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
HOSTING_NGINX = local_nginx.HOSTING_NGINX
NGINX = local_nginx.NGINX
STOCK_MIME_TYPES = local_nginx.STOCK_MIME_TYPES
SUBPATH = local_nginx.SUBPATH
SHIPPED_ALIAS = local_nginx.SHIPPED_ALIAS
POLICY_FILE = ROOT / "hosting" / "content-security-policy.txt"

# The caching rules for the Python server: read from hosting/nginx/handbook-http.conf when it is
# there (so both servers follow the same rules), otherwise these, which the brief describes.
LONG_LIVED = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
DEFAULT_RULES: list[tuple[re.Pattern, str]] = [
    (re.compile(r"^(200|206|304):.*/assets/handbook/pyodide/[^/]+/"), LONG_LIVED),
    (re.compile(r"^(200|206|304):.*/assets/handbook/wheels/[0-9a-f]+/"), LONG_LIVED),
    (re.compile(r"^(200|206|304):.*/assets/handbook/[^/]+\.[0-9a-f]{10}\.(js|css)$"), LONG_LIVED),
    (re.compile(r"^(200|206|304):.*/assets/(javascripts|stylesheets)/(.+/)?[^/]+\.[0-9a-f]{8}\.min\.(js|css)(\.map)?$"),
     LONG_LIVED),
]

# Types that nginx's shipped settings compress as they are sent (gzip_types), and the types
# this server sends (nginx: stock mime.types plus the shipped overrides for .js and .wasm).
COMPRESSIBLE = {"text/html", "text/css", "text/javascript", "application/javascript", "application/json",
                "application/wasm", "application/xml", "text/xml", "text/plain", "image/svg+xml"}
TYPES = {".html": "text/html", ".css": "text/css", ".js": "text/javascript", ".mjs": "text/javascript",
         ".json": "application/json", ".wasm": "application/wasm", ".xml": "text/xml", ".txt": "text/plain",
         ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon", ".zip": "application/zip",
         ".gz": "application/gzip", ".woff2": "font/woff2", ".map": "application/json"}
TEXT_TYPES = {"text/html", "text/css", "text/javascript", "application/json", "text/plain", "text/xml",
              "image/svg+xml"}
GZIP_MIN_LENGTH = 1024
GZIP_LEVEL = 5


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{};]|[^\s{};"]+')


def nginx_cache_rules(config: str) -> tuple[list[tuple[re.Pattern, str]], str]:
    """The regular-expression entries and the default of the `map "$status:$uri" ... { }` block
    of an nginx configuration, in order. Raises ValueError when there is no such map."""
    text = "\n".join(line.split("#", 1)[0] if not line.lstrip().startswith('"~') else line
                     for line in config.splitlines())
    tokens = [token[1:-1] if token.startswith('"') else token for token in _TOKEN.findall(text)]
    try:
        start = next(i for i in range(len(tokens) - 3)
                     if tokens[i] == "map" and tokens[i + 1] == "$status:$uri" and tokens[i + 3] == "{")
    except StopIteration:
        raise ValueError('no map "$status:$uri" block') from None
    rules, default, statement = [], REVALIDATE, []
    for token in tokens[start + 4:]:
        if token == "}":
            break
        if token != ";":
            statement.append(token)
            continue
        if len(statement) == 2:
            key, value = statement
            if key == "default":
                default = value
            elif key.startswith("~*"):
                rules.append((re.compile(key[2:], re.IGNORECASE), value))
            elif key.startswith("~"):
                rules.append((re.compile(key[1:]), value))
        statement = []
    return rules, default


def shipped_cache_rules() -> tuple[list[tuple[re.Pattern, str]], str, str]:
    """(rules, default, where they came from)."""
    config = HOSTING_NGINX / "handbook-http.conf"
    if config.is_file():
        try:
            rules, default = nginx_cache_rules(config.read_text())
            return rules, default, "hosting/nginx/handbook-http.conf"
        except (ValueError, re.error):
            pass
    return DEFAULT_RULES, REVALIDATE, "the benchmark's own copy of the rules"


def cache_control(path: str, status: int, rules=None, default: str = REVALIDATE) -> str:
    """The Cache-Control header for `path` (a URL path) sent with `status`: the first rule whose
    pattern matches "status:path" wins, as in nginx's map."""
    key = f"{status}:{path}"
    for pattern, value in (DEFAULT_RULES if rules is None else rules):
        if pattern.search(key):
            return value
    return default


def accepted_encodings(header: str | None) -> set[str]:
    """Content codings an Accept-Encoding header allows (q=0 means refused)."""
    accepted = set()
    for part in (header or "").split(","):
        name, _, params = part.strip().partition(";")
        name = name.strip().lower()
        if not name:
            continue
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            accepted.add(name)
    return accepted


def pick_precompressed(path: Path, accept_encoding: str | None) -> tuple[Path, str | None]:
    """The file to send for `path`: its .br copy, else its .gz copy, when present and accepted."""
    accepted = accepted_encodings(accept_encoding)
    for coding, suffix in (("br", ".br"), ("gzip", ".gz")):
        candidate = path.with_name(path.name + suffix)
        if (coding in accepted or "*" in accepted) and candidate.is_file():
            return candidate, coding
    return path, None


@dataclass
class LogEntry:
    status: int
    bytes_sent: int  # headers and body, as nginx's $bytes_sent
    path: str


@dataclass
class Server:
    """A running server: the handbook's address, and its log of responses."""

    kind: str  # "nginx" or "python"
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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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


def choose_server(requested: str) -> tuple[str, str]:
    """("nginx" or "python", why)."""
    problem = nginx_available()
    if requested == "python":
        return "python", "asked for with --server python"
    if requested == "nginx":
        if problem:
            raise SystemExit(f"--server nginx: {problem}")
        return "nginx", "asked for with --server nginx"
    if problem:
        return "python", f"nginx not used: {problem}"
    return "nginx", "hosting/nginx/ and /usr/sbin/nginx are present"


def start(kind: str, site: Path, port: int, work: Path) -> Server:
    if kind == "nginx":
        return start_nginx(site, port, work)
    return start_python(site, port)


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
    config = nginx_config(prefix, site, port)
    problem = local_nginx.config_problem(prefix, config)
    if problem:
        raise SystemExit(f"nginx -t rejected the benchmark's configuration:\n{problem}")
    process = subprocess.Popen(local_nginx.command(prefix, config), stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}{SUBPATH}"
    _wait_until_serving(url, process)
    version = subprocess.run([str(NGINX), "-v"], capture_output=True, text=True).stderr.strip()

    def stop() -> None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    return Server("nginx", f"{version} with hosting/nginx/ settings", url, site, _stop=stop,
                  _log=lambda: _read_nginx_log(prefix / "access.log"))


def _wait_until_serving(url: str, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise SystemExit(f"the server stopped at start-up: {process.stderr.read() if process.stderr else ''}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.1)
    raise SystemExit(f"the server did not answer on {url} within 15 seconds")


# ---------------------------------------------------------------------------------------------
# The Python fallback
# ---------------------------------------------------------------------------------------------
class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as browsers expect of a real server
    site: Path
    log: list
    lock: threading.Lock
    compressed: dict
    policy: str
    rules: list
    default_cache: str

    def log_message(self, *args) -> None:  # the benchmark's output stays readable
        pass

    def do_HEAD(self) -> None:
        self.do_GET(body=False)

    def do_GET(self, body: bool = True) -> None:
        path = unquote(urlsplit(self.path).path)
        if path == SUBPATH.rstrip("/"):
            return self._send(301, {"Location": SUBPATH}, b"", path, body)
        if not path.startswith(SUBPATH) or "/../" in path or path.endswith("/.."):
            return self._not_found(path, body)
        target = self.site / path[len(SUBPATH):]
        if target.is_dir():
            if not path.endswith("/"):
                return self._send(301, {"Location": path + "/"}, b"", path, body)
            target = target / "index.html"
        if not target.is_file():
            return self._not_found(path, body)
        self._send_file(200, target, path, body)

    def _not_found(self, path: str, body: bool) -> None:
        page = self.site / "404.html"
        if page.is_file():
            return self._send_file(404, page, path, body)
        self._send(404, {"Content-Type": "text/plain"}, b"Not found", path, body)

    def _send_file(self, status: int, target: Path, path: str, body: bool) -> None:
        kind = TYPES.get(target.suffix, "application/octet-stream")
        stat = target.stat()
        etag = f'"{int(stat.st_mtime):x}-{stat.st_size:x}"'
        headers = {"Content-Type": kind + ("; charset=utf-8" if kind in TEXT_TYPES else ""),
                   "Last-Modified": email.utils.formatdate(stat.st_mtime, usegmt=True), "ETag": etag}
        if kind in COMPRESSIBLE:
            headers["Vary"] = "Accept-Encoding"
        if status == 200 and self.headers.get("If-None-Match") == etag:
            return self._send(304, headers, b"", path, body)
        chosen, coding = pick_precompressed(target, self.headers.get("Accept-Encoding"))
        if coding:
            content = chosen.read_bytes()
        else:
            content = target.read_bytes()
            if kind in COMPRESSIBLE and len(content) >= GZIP_MIN_LENGTH and \
                    "gzip" in accepted_encodings(self.headers.get("Accept-Encoding")):
                content, coding = self._gzip(target, stat, content), "gzip"
        if coding:
            headers["Content-Encoding"] = coding
        self._send(status, headers, content, path, body)

    def _gzip(self, target: Path, stat: os.stat_result, content: bytes) -> bytes:
        """gzip as nginx would send it; kept in memory so a large file is compressed only once."""
        key = (str(target), stat.st_mtime, stat.st_size)
        with self.lock:
            found = self.compressed.get(key)
        if found is None:
            found = gzip.compress(content, GZIP_LEVEL, mtime=0)
            with self.lock:
                self.compressed[key] = found
        return found

    def _send(self, status: int, headers: dict, content: bytes, path: str, body: bool) -> None:
        self.send_response(status)
        headers = {**headers, "Cache-Control": cache_control(path, status, self.rules, self.default_cache), "X-Content-Type-Options": "nosniff"}
        if self.policy:
            headers["Content-Security-Policy"] = self.policy
        if status != 304:
            headers["Content-Length"] = str(len(content))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        header_bytes = sum(len(f"{k}: {v}\r\n") for k, v in headers.items()) + 40  # status line and end
        if body and status != 304:
            try:
                self.wfile.write(content)
            except (BrokenPipeError, ConnectionResetError):  # the browser closed the tab mid-download
                self.close_connection = True
        with self.lock:
            self.log.append(LogEntry(status, header_bytes + (len(content) if body and status != 304 else 0),
                                     self.path))


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A browser closing a connection is normal (a tab closed mid-download); say nothing."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def start_python(site: Path, port: int) -> Server:
    log: list[LogEntry] = []
    policy = POLICY_FILE.read_text().strip() if POLICY_FILE.is_file() else ""
    rules, default, source = shipped_cache_rules()
    handler = type("Handler", (_Handler,), {"site": site, "log": log, "lock": threading.Lock(), "compressed": {},
                                            "policy": policy, "rules": rules, "default_cache": default})
    server = _QuietServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{port}{SUBPATH}"
    _wait_until_serving(url)

    def stop() -> None:
        server.shutdown()
        server.server_close()

    return Server("python", f"the benchmark's Python server (caching rules from {source}; ready-made .br/.gz "
                            "copies; otherwise gzip level 5 for text, as nginx)", url, site, _stop=stop,
                  _log=lambda: list(log))
