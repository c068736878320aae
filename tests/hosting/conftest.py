"""Fixtures for the hosting tests: the site built for an address under /handbook/ and served by
Debian's own nginx, with the stock /etc/nginx/mime.types and the configuration in hosting/nginx.

Tests in this folder get `base_url` = that nginx address, so the browser fixtures from
tests/browser (Debian's Chromium, and the check that no request leaves the origin) apply here
unchanged, against nginx.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import local_nginx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hosting_helpers import (HOSTING, ROOT, SUBPATH, PageWatch, build_site_for, free_port,  # noqa: E402
                             require_nginx)

BROWSER_TESTS = ROOT / "tests" / "browser"
REPORT_PATH = "/__csp-report"  # test only: where Chromium posts every violation it sees

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
# nginx
# ---------------------------------------------------------------------------------------------
@dataclass
class Nginx:
    url: str  # the handbook's address, ending in /handbook/
    origin: str
    prefix: Path
    site: Path
    process: subprocess.Popen

    def csp_reports(self, since: int = 0, settle_s: float = 1.0) -> list[str]:
        """Violation reports Chromium has posted, from pages and workers alike: all of them, or
        those after the first `since` (take `len(nginx.csp_reports(settle_s=0))` as a mark)."""
        time.sleep(settle_s)  # reports are sent a moment after the violation
        log = self.prefix / "csp-reports.log"
        lines = [line for line in log.read_text().splitlines() if line.strip()] if log.exists() else []
        return lines[since:]

    def error_log(self) -> str:
        log = self.prefix / "error.log"
        return log.read_text() if log.exists() else ""


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


def start_nginx(prefix: Path, config: Path) -> subprocess.Popen:
    problem = local_nginx.config_problem(prefix, config)
    assert problem is None, f"nginx -t rejected the configuration:\n{problem}"
    return subprocess.Popen(local_nginx.command(prefix, config), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def wait_until_serving(process: subprocess.Popen, url: str, prefix: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            _, errors = process.communicate()
            log = (prefix / "error.log").read_text() if (prefix / "error.log").exists() else ""
            pytest.fail(f"nginx stopped at start-up:\n{errors}\n{log}", pytrace=False)
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.1)
    pytest.fail(f"nginx did not answer on {url} within 15 seconds", pytrace=False)


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
def nginx(tmp_path_factory, site_dir, nginx_port) -> Nginx:
    require_nginx()
    prefix = tmp_path_factory.mktemp("nginx")
    config = nginx_config(prefix, site_dir, nginx_port)
    process = start_nginx(prefix, config)
    origin = f"http://127.0.0.1:{nginx_port}"
    server = Nginx(url=origin + SUBPATH, origin=origin, prefix=prefix, site=site_dir, process=process)
    try:
        wait_until_serving(process, server.url, prefix)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def base_url(nginx) -> str:
    """The handbook on nginx (overrides tests/conftest.py's Python static server)."""
    return nginx.url


@pytest.fixture
def watch(page) -> PageWatch:
    """Records console errors, page errors and CSP violations of the test's page."""
    return PageWatch(page)
