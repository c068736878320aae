"""The sitemap lists the site's real addresses, or none: never the 127.0.0.1 address that
mkdocs.yml names for `./dev serve`. (It is never missing: the theme asks for it on every page.)"""

from __future__ import annotations

import gzip
import re

import pytest

from support import build_site, settings_toml

ADDRESS = "https://www.testshire.example/handbook/"


@pytest.fixture
def no_address_given(monkeypatch):
    monkeypatch.delenv("HANDBOOK_SITE_URL", raising=False)


def test_without_the_sites_address_the_build_says_so_and_the_sitemap_lists_no_address(tmp_path, no_address_given):
    result = build_site(tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    output = result.stdout + result.stderr
    said = [line for line in output.splitlines() if "sitemap" in line.lower()]
    assert len(said) == 1 and "site.url" in said[0], output
    sitemap = (tmp_path / "site" / "sitemap.xml").read_text()
    assert "<urlset" in sitemap and "<url>" not in sitemap and "<loc>" not in sitemap
    assert not (tmp_path / "site" / "sitemap.xml.gz").exists()
    assert "127.0.0.1" not in "".join(p.name for p in (tmp_path / "site").iterdir())


def test_a_council_that_sets_its_address_gets_a_sitemap_of_its_own_addresses(tmp_path, no_address_given):
    settings = tmp_path / "council.toml"
    settings.write_text(settings_toml({"council.name": "Testshire Council", "site.url": ADDRESS}))
    result = build_site(tmp_path / "site", settings=settings)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "sitemap" not in (result.stdout + result.stderr).lower()
    sitemap = (tmp_path / "site" / "sitemap.xml").read_text()
    assert (tmp_path / "site" / "sitemap.xml.gz").exists()
    assert gzip.decompress((tmp_path / "site" / "sitemap.xml.gz").read_bytes()).decode() == sitemap
    addresses = re.findall(r"<loc>([^<]*)</loc>", sitemap)
    assert len(addresses) > 30 and f"<loc>{ADDRESS}</loc>" in sitemap
    assert all(address.startswith(ADDRESS) for address in addresses), addresses
    assert f"{ADDRESS}lead-professional/choosing-the-lead-professional/" in addresses
    assert "127.0.0.1" not in sitemap and "localhost" not in sitemap

