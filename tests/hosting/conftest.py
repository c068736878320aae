"""Fixtures for the hosting tests: the site built for an address under /handbook/ and served by
Debian's own nginx (the stock /etc/nginx/mime.types and the configuration in hosting/nginx) and
by Debian's own Apache (the hosting guide's block and the .htaccess the build puts in the site).
Both run their workers as the unprivileged www-data when the tests run as root, as Debian does.

Tests in this folder get `base_url` = the nginx address, so the browser fixtures from
tests/browser (Debian's Chromium, and the check that no request leaves the origin) apply here
unchanged, against nginx; a module for Apache sets `base_url` to Apache's.
"""

from __future__ import annotations

import http.server
import importlib.util
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import local_apache
import local_nginx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hosting_helpers import (HOSTING, ROOT, SUBPATH, PageWatch, build_site_for, free_port,  # noqa: E402
                             require_apache, require_nginx)

BROWSER_TESTS = ROOT / "tests" / "browser"
REPORT_PATH = "/__csp-report"  # test only: where Chromium posts every violation it sees
_SENTINELS = itertools.count(1)  # numbers the sentinel violations of Server.csp_reports

# The browser tests' helpers and fixtures, loaded under a name of their own so that they do not
# clash with the other conftest modules.
sys.path.insert(1, str(BROWSER_TESTS))
_spec = importlib.util.spec_from_file_location("handbook_browser_fixtures", BROWSER_TESTS / "conftest.py")
_browser = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_browser)
browser_type_launch_args = _browser.browser_type_launch_args
foreign_requests = _browser.foreign_requests
guard_origin = _browser.guard_origin


def pytest_collection_modifyitems(items):
    for item in items:
        if "/tests/hosting/" in str(item.fspath) and {"page", "browser", "context"} & set(item.fixturenames):
            item.add_marker(pytest.mark.browser)


# ---------------------------------------------------------------------------------------------
# Temporary folders the servers' workers can reach
# ---------------------------------------------------------------------------------------------
class OpenTempPaths:
    """What the tests here use of pytest's tmp_path_factory (mktemp, getbasetemp), in a folder of
    this session's own in the system's temporary folder, which other users may pass through but
    not list (0711). The servers' www-data workers must reach the sites served from it. pytest's
    own folder (/tmp/pytest-of-<user>) will not do: every pytest session that starts closes it
    to other users again, so on a machine shared with others the sites would turn 403 mid-run."""

    _retention_policy = "all"  # read by pytest's tmp_path: keep each test's folder until the end

    def __init__(self, root: Path):
        self.root = root

    def getbasetemp(self) -> Path:
        return self.root

    def mktemp(self, basename: str, numbered: bool = True) -> Path:
        for number in itertools.count():
            path = self.root / (f"{basename}{number}" if numbered else basename)
            try:
                path.mkdir()
                return path
            except FileExistsError:
                if not numbered:
                    raise


OPEN_TEMP_PREFIX = "handbook-hosting-"
KEPT_AFTER_FAILURE = 3  # as pytest keeps its last three sessions' folders


def _remove_finished_sessions_folders() -> None:
    """The folders of sessions that have ended, all but the newest few (each holds the pid of
    the session that made it; a session still running keeps its own)."""
    finished = []
    for folder in Path(tempfile.gettempdir()).glob(OPEN_TEMP_PREFIX + "*"):
        try:
            running = Path(f"/proc/{int((folder / 'session.pid').read_text())}").exists()
        except (OSError, ValueError):
            running = False
        if not running:
            finished.append(folder)
    finished.sort(key=lambda folder: folder.stat().st_mtime, reverse=True)
    for folder in finished[KEPT_AFTER_FAILURE:]:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def tmp_path_factory(request):
    """(Overrides pytest's, for the tests in this folder and their tmp_path.) Removed at the end
    of a session with no failure; kept, for its logs, after one, until newer ones replace it."""
    _remove_finished_sessions_folders()
    root = Path(tempfile.mkdtemp(prefix=OPEN_TEMP_PREFIX))
    root.chmod(0o711)
    (root / "session.pid").write_text(str(os.getpid()))
    yield OpenTempPaths(root)
    if request.session.testsfailed:
        print(f"\nThe hosting tests' folders, servers' logs included, are kept in {root}")
    else:
        shutil.rmtree(root, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# The servers
# ---------------------------------------------------------------------------------------------
@dataclass
class Server:
    """nginx or Apache, serving the built site under /handbook/."""
    url: str  # the handbook's address, ending in /handbook/
    origin: str
    prefix: Path  # the server's own folder: its configuration and logs
    site: Path
    process: subprocess.Popen  # its main process
    name: str = "nginx"

    def report_count(self) -> int:
        """How many violation reports have arrived: a mark for csp_reports."""
        return len(self._reports())

    def csp_reports(self, page, since: int = 0) -> list[str]:
        """The violation reports Chromium has posted, from pages and workers alike, after the first
        `since`. Chromium sends each a moment after its violation, so first a sentinel violation
        is made in another tab of `page`'s browser; once the server has its report, every earlier
        one has been sent too."""
        sentinel = f"lp-sentinel-{next(_SENTINELS)}"
        tab = page.context.new_page()
        try:
            tab.goto(f"{self.url}?{sentinel}")  # the report names the page's address, and so the sentinel
            tab.evaluate("""() => {
                const script = document.createElement("script");
                script.textContent = "window.__sentinelRan = true";
                document.head.append(script);
            }""")
            local_nginx.wait_for(lambda: any(sentinel in line for line in self._reports()), 30,
                                 f"{self.name} receiving the sentinel report")
        finally:
            tab.close()
        return [line for line in self._reports()[since:] if "lp-sentinel-" not in line]

    def _reports(self) -> list[str]:
        log = self.prefix / "csp-reports.log"
        return [line for line in log.read_text().splitlines() if line.strip()] if log.exists() else []

    def error_log(self) -> str:
        log = self.prefix / "error.log"
        return log.read_text() if log.exists() else ""

    def worker_uids(self) -> set[int]:
        """The users the server's workers, which answer the requests, run as."""
        return {local_nginx.process_uid(pid) for pid in local_nginx.children(self.process.pid)}


# ---------------------------------------------------------------------------------------------
# nginx
# ---------------------------------------------------------------------------------------------
def nginx_config(prefix: Path, site: Path, port: int) -> Path:
    """The shipped files, as a council would install them, inside a minimal nginx.conf; the
    CSP header also asks Chromium to report every violation here, which covers the worker too."""
    location = (HOSTING / "nginx" / "handbook-location.conf").read_text()
    enforced = "frame-ancestors 'self'\" always;"
    assert location.count(enforced) == 1, "the shipped snippet's CSP header has changed shape"
    location = location.replace(enforced, f"frame-ancestors 'self'; report-uri {REPORT_PATH}\" always;")
    return local_nginx.write_config(prefix, site, port, location_text=location,
                                    http_extra="    log_format csp_report '$request_body';",
                                    server_extra=f"""
        # Test only: keep the body of each violation report (proxying makes nginx read it).
        location = {REPORT_PATH} {{
            client_body_buffer_size 64k;
            client_body_in_single_buffer on;
            access_log {prefix}/csp-reports.log csp_report;
            proxy_pass http://127.0.0.1:{port}/__csp-received;
        }}
        location = /__csp-received {{
            access_log off;
            return 204;
        }}""")


def wait_until_serving(process: subprocess.Popen, url: str, prefix: Path, name: str = "nginx") -> None:
    try:
        local_nginx.wait_until_answering(url, process, name)
    except (RuntimeError, TimeoutError) as problem:
        log = (prefix / "error.log").read_text() if (prefix / "error.log").exists() else ""
        pytest.fail(f"{problem}\n{log}", pytrace=False)


@pytest.fixture(scope="session")
def nginx_port() -> int:
    require_nginx()
    return free_port()


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory, nginx_port) -> Path:
    """The site built for http://127.0.0.1:<port>/handbook/ (overrides tests/conftest.py's)."""
    target = tmp_path_factory.mktemp("hosted-site")
    build_site_for(target, f"http://127.0.0.1:{nginx_port}{SUBPATH}")
    return target


@pytest.fixture(scope="session")
def nginx(tmp_path_factory, site_dir, nginx_port) -> Server:
    require_nginx()
    prefix = tmp_path_factory.mktemp("nginx")
    origin = f"http://127.0.0.1:{nginx_port}"
    try:
        process = local_nginx.start(prefix, nginx_config(prefix, site_dir, nginx_port), origin + SUBPATH)
    except RuntimeError as problem:
        pytest.fail(str(problem), pytrace=False)
    try:
        yield Server(url=origin + SUBPATH, origin=origin, prefix=prefix, site=site_dir, process=process)
    finally:
        local_nginx.stop(process)


# ---------------------------------------------------------------------------------------------
# Apache
# ---------------------------------------------------------------------------------------------
class _ReportHandler(http.server.BaseHTTPRequestHandler):
    """Keeps the body of each violation report, one line each, as nginx's log_format does."""
    log: Path

    def do_POST(self):  # noqa: N802 (the standard library's name)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with self.log.open("a") as log:
            log.write(body.decode("utf-8", "replace").replace("\n", " ") + "\n")
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def report_receiver(log: Path) -> http.server.ThreadingHTTPServer:
    handler = type("ReportHandler", (_ReportHandler,), {"log": log})
    receiver = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    return receiver


def apache_config(prefix: Path, site: Path, port: int, report_port: int) -> Path:
    """The guide's block around the site, whose .htaccess the build wrote, in a minimal
    apache2.conf; the test adds a server-wide Expires rule (as many servers have: the handbook's
    Cache-Control must still be the only one) and asks Chromium to report every violation."""
    return local_apache.write_config(prefix, site, port, modules=("expires", "proxy", "proxy_http"), server_extra=f"""
ExpiresActive On
ExpiresDefault "access plus 1 hour"

# Test only: Chromium reports each violation to {REPORT_PATH}, passed on to the test's receiver.
<Location {SUBPATH}>
    Header always edit Content-Security-Policy "$" "; report-uri {REPORT_PATH}"
</Location>
ProxyPass {REPORT_PATH} http://127.0.0.1:{report_port}/
""")


@pytest.fixture(scope="session")
def apache(tmp_path_factory, site_dir) -> Server:
    """Debian's Apache serving the same site (built for nginx's address: the pages link to each
    other by relative addresses, so only the port differs)."""
    require_apache()
    prefix = tmp_path_factory.mktemp("apache")
    port = free_port()
    receiver = report_receiver(prefix / "csp-reports.log")
    try:
        config = apache_config(prefix, site_dir, port, receiver.server_address[1])
        problem = local_apache.config_problem(config)
        assert problem is None, f"apache2 -t rejected the configuration:\n{problem}"
        process = local_apache.start(config)
        origin = f"http://127.0.0.1:{port}"
        server = Server(url=origin + SUBPATH, origin=origin, prefix=prefix, site=site_dir, process=process,
                        name="apache")
        try:
            wait_until_serving(process, server.url, prefix, "apache")
            yield server
        finally:
            local_apache.stop(config, process)
    finally:
        receiver.shutdown()


@pytest.fixture(scope="session")
def base_url(nginx) -> str:
    """The handbook on nginx (overrides tests/conftest.py's Python static server)."""
    return nginx.url


@pytest.fixture
def watch(page) -> PageWatch:
    """Records console errors, page errors and CSP violations of the test's page."""
    return PageWatch(page)
