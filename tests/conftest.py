"""Fixtures shared by every test: the site built once per run, and a static server for it."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import ROOT, build_site, serve  # noqa: F401  (re-exported for older imports)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("site")
    result = build_site(target)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"
    return target


@pytest.fixture(scope="session")
def profile_sites(tmp_path_factory) -> dict[str, Path]:
    """Each example council's site, built once per run: name -> folder."""
    sites = {}
    for name in ("northshire", "eastvale"):
        target = tmp_path_factory.mktemp(name)
        result = build_site(target, settings=ROOT / "profiles" / f"{name}.toml")
        assert result.returncode == 0, result.stdout + result.stderr
        sites[name] = target
    return sites


@pytest.fixture(scope="session")
def base_url(site_dir) -> str:
    """Overrides pytest-base-url: the built site on a local static server."""
    server = serve(site_dir)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
