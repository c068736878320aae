"""What Debian's nginx sends for the handbook with the shipped configuration: types, caching,
compression and security headers, checked on the wire."""

from __future__ import annotations

import gzip
import http.client
from urllib.parse import urlsplit

import pytest

from hosting_helpers import POLICY, SUBPATH

YEAR = "public, max-age=31536000, immutable"
JAVASCRIPT_TYPES = ("text/javascript", "application/javascript")


def fetch(nginx, path: str, method: str = "GET", headers: dict | None = None):
    """One request without following redirects. `path` is relative to the handbook, or absolute."""
    target = path if path.startswith("/") else SUBPATH + path
    connection = http.client.HTTPConnection(urlsplit(nginx.origin).netloc, timeout=30)
    connection.request(method, target, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def content_type(response) -> str:
    return (response.getheader("Content-Type") or "").split(";")[0].strip()


def site_file(nginx, pattern: str) -> str:
    found = sorted(nginx.site.glob(pattern))
    assert found, f"the build made no {pattern}"
    return str(found[0].relative_to(nginx.site))


def test_pages_are_html_in_utf8_and_always_rechecked(nginx):
    for path in ("", "lead-professional/role-and-functions/"):
        response, body = fetch(nginx, path)
        assert response.status == 200, path
        assert response.getheader("Content-Type") == "text/html; charset=utf-8", path
        assert response.getheader("Cache-Control") == "no-cache", path
        assert b"<!doctype html>" in body[:200].lower()


def test_every_response_carries_the_security_headers(nginx):
    wasm = site_file(nginx, "assets/handbook/pyodide/*/pyodide.asm.wasm")
    for path in ("", wasm, "no-such-page/"):
        response, _ = fetch(nginx, path, method="HEAD")
        policy = response.getheader("Content-Security-Policy")
        # The test server adds a report-uri so that it hears of violations; the rest is as shipped.
        assert policy.split("; report-uri ")[0] == POLICY, path
        assert response.getheader("X-Content-Type-Options") == "nosniff", path
        assert response.getheader("Referrer-Policy") == "no-referrer", path
        assert "camera=()" in response.getheader("Permissions-Policy"), path
        assert response.getheader("X-Frame-Options") == "SAMEORIGIN", path


def test_webassembly_is_sent_as_application_wasm_and_kept_a_year(nginx):
    response, body = fetch(nginx, site_file(nginx, "assets/handbook/pyodide/*/pyodide.asm.wasm"))
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
def test_versioned_scripts_are_javascript_and_kept_a_year(nginx, pattern):
    response, _ = fetch(nginx, site_file(nginx, pattern), method="HEAD")
    assert response.status == 200
    assert content_type(response) in JAVASCRIPT_TYPES
    assert response.getheader("Cache-Control") == YEAR


@pytest.mark.parametrize("pattern", [
    "assets/handbook/lp-tools.*.css",
    "assets/handbook/theme.*.css",
    "assets/stylesheets/main.*.min.css",
    "assets/handbook/wheels/*/*.whl",
    "assets/handbook/*/*/python_stdlib.zip",
])
def test_other_versioned_files_are_kept_a_year(nginx, pattern):
    response, _ = fetch(nginx, site_file(nginx, pattern), method="HEAD")
    assert response.status == 200
    assert response.getheader("Cache-Control") == YEAR


def test_files_without_a_version_in_their_name_are_rechecked(nginx):
    paths = ["search/search_index.json", "sitemap.xml", "assets/images/favicon.png"]
    if (nginx.site / "sw.js").exists():  # the offline service worker: browsers find updates by re-checking it
        paths.append("sw.js")
    for path in paths:
        response, _ = fetch(nginx, path, method="HEAD")
        assert response.status == 200, path
        assert response.getheader("Cache-Control") == "no-cache", path


def test_a_missing_file_gets_the_sites_404_page_and_is_not_cached_for_a_year(nginx):
    # Named like a versioned file: a 404 must never be remembered for a year.
    response, body = fetch(nginx, "assets/handbook/lp-tools.0123456789.js")
    assert response.status == 404
    assert response.getheader("Cache-Control") == "no-cache"
    assert content_type(response) == "text/html"
    assert b"md-content" in body  # the theme's own 404 page, not nginx's


def test_the_address_without_its_slash_redirects_to_the_folder(nginx):
    response, _ = fetch(nginx, SUBPATH.rstrip("/"))
    assert response.status == 301
    assert response.getheader("Location") == SUBPATH  # relative: right behind a proxy or on HTTPS too
    response, _ = fetch(nginx, "lead-professional/role-and-functions")
    assert response.status == 301
    assert response.getheader("Location") == SUBPATH + "lead-professional/role-and-functions/"


def test_text_is_compressed_for_browsers_that_accept_gzip(nginx):
    response, body = fetch(nginx, site_file(nginx, "assets/handbook/lp-tools.*.js"),
                           headers={"Accept-Encoding": "gzip"})
    assert response.getheader("Content-Encoding") == "gzip"
    assert "Accept-Encoding" in (response.getheader("Vary") or "")
    assert gzip.decompress(body) == (nginx.site / site_file(nginx, "assets/handbook/lp-tools.*.js")).read_bytes()


def test_ready_made_gzip_copies_are_sent_as_they_are(nginx):
    """gzip_static: the .gz copy next to a file goes out unchanged, with the original's type and
    caching. If the build has not made one for Python's standard library, the test makes it."""
    path = site_file(nginx, "assets/handbook/pyodide/*/python_stdlib.zip")
    original = (nginx.site / path).read_bytes()
    copy = nginx.site / (path + ".gz")
    if not copy.exists():
        copy.write_bytes(gzip.compress(original, 6))
    response, body = fetch(nginx, path, headers={"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    assert body == copy.read_bytes()  # byte for byte: sent, not recompressed (zip is not in gzip_types)
    assert response.getheader("Cache-Control") == YEAR
    plain, plain_body = fetch(nginx, path)
    assert plain.getheader("Content-Encoding") is None and plain_body == original
