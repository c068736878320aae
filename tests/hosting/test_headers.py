"""What Debian's nginx and Apache send for the handbook, each set up as the hosting guide says
(nginx: the files in hosting/nginx; Apache: the guide's block and the .htaccess the build put in
the site), with their workers running as the unprivileged www-data: types, caching, compression
and security headers, checked on the wire against the guide's caching rules and each other."""

from __future__ import annotations

import gzip
import http.client
import os
import re
from urllib.parse import urlsplit

import local_nginx
import pytest
from hosting_configs import MAKERS, RECHECK, VERSIONED, YEAR

from hosting_helpers import POLICY, SUBPATH

JAVASCRIPT_TYPES = ("text/javascript", "application/javascript")
SAME_TYPES = {"application/xml": "text/xml"}  # either is right for sitemap.xml


@pytest.fixture(params=["nginx", "apache"], scope="module")
def server(request):
    return request.getfixturevalue(request.param)


def fetch(server, path: str, method: str = "GET", headers: dict | None = None):
    """One request without following redirects. `path` is relative to the handbook, or absolute."""
    target = path if path.startswith("/") else SUBPATH + path
    connection = http.client.HTTPConnection(urlsplit(server.origin).netloc, timeout=30)
    connection.request(method, target, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def content_type(response) -> str:
    return (response.getheader("Content-Type") or "").split(";")[0].strip()


def site_file(server, pattern: str) -> str:
    found = sorted(server.site.glob(pattern))
    assert found, f"the build made no {pattern}"
    return str(found[0].relative_to(server.site))


def cache_rule(path: str) -> str:
    """The Cache-Control the guide's caching rules give a file of the site that exists."""
    return YEAR if any(re.search(pattern, path) for pattern in VERSIONED) else RECHECK


def test_the_workers_that_answer_are_not_root(server):
    # A worker the server has only just started is root for a moment, until it changes user.
    def changed_user() -> set[int] | None:
        uids = server.worker_uids()
        return uids if uids and 0 not in uids else None
    try:
        uids = local_nginx.wait_for(changed_user, 10, f"{server.name}'s workers changing user")
    except TimeoutError:
        uids = server.worker_uids()
    assert uids, f"{server.name} has no worker processes"
    assert 0 not in uids, f"{server.name}'s workers run as root"


@pytest.mark.skipif(os.geteuid() != 0, reason="the servers run as the current user, who owns the file")
def test_a_file_the_web_servers_user_cannot_read_is_refused(server):
    """Why it matters that the workers are not root: a file written private (0600) is refused,
    as it would be on a council's server, so the tests would see a build that wrote one."""
    private = server.site / "private-test-file.txt"
    private.write_text("not for the web server")
    private.chmod(0o600)
    try:
        response, _ = fetch(server, private.name)
        assert response.status == 403
        private.chmod(0o644)
        response, _ = fetch(server, private.name)
        assert response.status == 200
    finally:
        private.unlink()


def test_pages_are_html_in_utf8_and_always_rechecked(server):
    for path in ("", "lead-professional/role-and-functions/"):
        response, body = fetch(server, path)
        assert response.status == 200, path
        assert response.getheader("Content-Type") == "text/html; charset=utf-8", path
        assert response.getheader("Cache-Control") == "no-cache", path
        assert b"<!doctype html>" in body[:200].lower()


def test_every_answer_carries_the_security_headers_and_only_files_are_kept(server):
    """Errors and redirects too, whatever their address: the server's own 403 for a folder
    without an index and its 301 that adds a missing slash carry the policy and no-cache."""
    wasm = site_file(server, "assets/handbook/pyodide/*/pyodide.asm.wasm")
    for path, status in (("", 200), (wasm, 200), ("no-such-page/", 404), ("assets/handbook/", 403),
                         (wasm.rsplit("/", 1)[0], 301), ("lead-professional/role-and-functions", 301)):
        response, _ = fetch(server, path, method="HEAD")
        assert response.status == status, path
        policy = response.getheader("Content-Security-Policy")
        # The test server adds a report-uri so that it hears of violations; the rest is as shipped.
        assert policy.split("; report-uri ")[0] == POLICY, path
        assert response.getheader("X-Content-Type-Options") == "nosniff", path
        assert response.getheader("Referrer-Policy") == "no-referrer", path
        assert "camera=()" in response.getheader("Permissions-Policy"), path
        assert response.getheader("X-Frame-Options") == "SAMEORIGIN", path
        sent = response.headers.get_all("Cache-Control")
        if server.name == "apache" and status == 301:
            # The test's server-wide ExpiresDefault adds its max-age to Apache's own redirects
            # after the .htaccess has had its say; no-cache, sent first, still governs.
            sent = sent[:1]
        assert sent == [YEAR if path == wasm else RECHECK], path


def test_webassembly_is_sent_as_application_wasm_and_kept_a_year(server):
    response, body = fetch(server, site_file(server, "assets/handbook/pyodide/*/pyodide.asm.wasm"))
    assert response.status == 200
    assert content_type(response) == "application/wasm"
    assert response.getheader("Cache-Control") == YEAR
    assert body[:4] == b"\0asm"


@pytest.mark.parametrize("pattern", [
    "assets/handbook/theme-init.*.js",
    "assets/handbook/lp-tools.*.js",
    "assets/handbook/lp-worker.*.js",
    "assets/handbook/pyodide/*/pyodide.asm.js",
    "assets/handbook/pyodide/*/pyodide.esm.js",
    "assets/javascripts/bundle.*.min.js",
    "assets/javascripts/workers/search.*.min.js",
])
def test_versioned_scripts_are_javascript_and_kept_a_year(server, pattern):
    response, _ = fetch(server, site_file(server, pattern), method="HEAD")
    assert response.status == 200
    assert content_type(response) in JAVASCRIPT_TYPES
    assert response.getheader("Cache-Control") == YEAR


@pytest.mark.parametrize("pattern, kind", [
    ("assets/handbook/lp-tools.*.css", "text/css"),
    ("assets/handbook/theme.*.css", "text/css"),
    ("assets/stylesheets/main.*.min.css", "text/css"),
    ("assets/javascripts/bundle.*.min.js.map", "application/json"),
    ("assets/handbook/wheels/*/*.whl", "application/octet-stream"),
    ("assets/handbook/*/*/python_stdlib.zip", "application/zip"),
])
def test_other_versioned_files_have_their_types_and_are_kept_a_year(server, pattern, kind):
    response, _ = fetch(server, site_file(server, pattern), method="HEAD")
    assert response.status == 200
    assert content_type(response) == kind
    assert response.getheader("Cache-Control") == YEAR


def test_files_without_a_version_in_their_name_are_rechecked(server):
    paths = ["search/search_index.json", "sitemap.xml", "assets/images/favicon.png"]
    if (server.site / "sw.js").exists():  # the offline service worker: browsers find updates by re-checking it
        paths.append("sw.js")
    for path in paths:
        response, _ = fetch(server, path, method="HEAD")
        assert response.status == 200, path
        assert response.getheader("Cache-Control") == "no-cache", path


def test_a_missing_file_gets_the_sites_404_page_and_is_not_cached_for_a_year(server):
    # Named like a versioned file: a 404 must never be remembered for a year.
    response, body = fetch(server, "assets/handbook/lp-tools.0123456789.js")
    assert response.status == 404
    assert response.headers.get_all("Cache-Control") == ["no-cache"]
    assert content_type(response) == "text/html"
    assert b"md-content" in body  # the theme's own 404 page, not the server's


def test_the_address_without_its_slash_redirects_to_the_folder(server):
    for path, folder in ((SUBPATH.rstrip("/"), SUBPATH),
                         ("lead-professional/role-and-functions", SUBPATH + "lead-professional/role-and-functions/")):
        response, _ = fetch(server, path)
        assert response.status == 301, path
        location = urlsplit(response.getheader("Location"))
        assert location.path == folder
        # Relative (nginx), or absolute to the same server (Apache): right on HTTPS or behind a
        # proxy only if relative, or if the proxy passes the host on, as usual.
        assert location.netloc in ("", urlsplit(server.origin).netloc)


def test_text_is_compressed_for_browsers_that_accept_gzip(server):
    path = site_file(server, "assets/handbook/lp-tools.*.js")
    response, body = fetch(server, path, headers={"Accept-Encoding": "gzip"})
    assert response.getheader("Content-Encoding") == "gzip"
    assert "Accept-Encoding" in (response.getheader("Vary") or "")
    assert gzip.decompress(body) == (server.site / path).read_bytes()


@pytest.mark.parametrize("pattern", [
    "index.html",
    "assets/handbook/lp-tools.*.js",
    "assets/handbook/theme.*.css",
    "assets/handbook/pyodide/*/pyodide.asm.wasm",
    "assets/javascripts/bundle.*.min.js.map",
    "search/search_index.json",
])
def test_compressed_answers_keep_the_originals_type_charset_and_caching(server, pattern):
    """Whether the server compresses as it sends (nginx) or sends the build's ready-made copy
    (Apache, .br first), the answer says the same type and charset as the file itself."""
    path = site_file(server, pattern)
    plain, plain_body = fetch(server, path)
    assert plain.getheader("Content-Encoding") is None and plain_body == (server.site / path).read_bytes()
    packed, _ = fetch(server, path, headers={"Accept-Encoding": "br, gzip"})
    assert packed.status == 200
    assert packed.getheader("Content-Encoding") in ("br", "gzip")
    assert packed.getheader("Content-Type") == plain.getheader("Content-Type")
    assert packed.headers.get_all("Cache-Control") == [cache_rule(path)]


def test_ready_made_gzip_copies_are_sent_as_they_are(server):
    """gzip_static and Apache's rewrite: the .gz copy next to a file goes out unchanged, with the
    original's type and caching. If the build has not made one for Python's standard library,
    the test makes it."""
    path = site_file(server, "assets/handbook/pyodide/*/python_stdlib.zip")
    original = (server.site / path).read_bytes()
    copy = server.site / (path + ".gz")
    if not copy.exists():
        copy.write_bytes(gzip.compress(original, 6))
    response, body = fetch(server, path, headers={"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    assert content_type(response) == "application/zip"
    assert body == copy.read_bytes()  # byte for byte: sent, not recompressed (zip is not in gzip_types)
    assert response.getheader("Cache-Control") == YEAR
    plain, plain_body = fetch(server, path)
    assert plain.getheader("Content-Encoding") is None and plain_body == original


def test_apache_sends_the_ready_made_brotli_copies(apache):
    path = site_file(apache, "assets/handbook/pyodide/*/pyodide.asm.wasm")
    response, body = fetch(apache, path, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.getheader("Content-Encoding") == "br"
    assert body == (apache.site / (path + ".br")).read_bytes()


def test_every_file_is_served_alike_by_nginx_and_apache_as_the_rules_say(nginx, apache):
    """Every file of the built site, by its own address: the same type (and charset) from both
    servers, and the Cache-Control the guide's rules give it, sent once."""
    different, wrong = [], []
    for file in sorted(p for p in nginx.site.rglob("*") if p.is_file() and p.suffix not in (".br", ".gz")):
        path = file.relative_to(nginx.site).as_posix()
        if path in MAKERS:  # the hosts' own settings (.htaccess, _headers...): for servers, not browsers
            continue
        answers = {name: fetch(server, path, method="HEAD")[0] for name, server in (("nginx", nginx), ("apache", apache))}
        types = {name: SAME_TYPES.get(content_type(r), content_type(r)) + ";" + (r.getheader("Content-Type") or "").partition(";")[2].replace(" ", "")
                 for name, r in answers.items()}
        if len(set(types.values())) != 1:
            different.append((path, types))
        for name, response in answers.items():
            if response.status != 200 or response.headers.get_all("Cache-Control") != [cache_rule(path)]:
                wrong.append((name, path, response.status, response.headers.get_all("Cache-Control")))
    assert different == []
    assert wrong == []
