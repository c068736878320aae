"""The handbook in Chromium, served by Debian's Apache under /handbook/ as the hosting guide sets
it up (its Alias and <Directory> block, and the .htaccess the build put in the site, with its
Content-Security-Policy header), workers running as www-data: every page loaded and the tools on
a page answered to their results, with no violation, no error and no request to another origin.

nginx's tests walk every tool on every page; what differs here is only how the files are served,
which one page's tools exercise in full (Pyodide, the wheel and the library through Apache).
"""

from __future__ import annotations

import pytest

from hosting_helpers import (check_a_violation_is_seen, check_every_page_runs_under_the_policy,
                             check_every_tool_reaches_an_outcome)


@pytest.fixture(scope="session")
def base_url(apache) -> str:
    """This module's pages come from Apache (and the origin check holds them to Apache's)."""
    return apache.url


def test_the_watch_sees_a_blocked_inline_script(page, base_url, apache, watch):
    check_a_violation_is_seen(page, base_url, apache, watch)


def test_every_page_loads_under_the_policy(page, base_url, apache, watch):
    check_every_page_runs_under_the_policy(page, base_url, apache, watch)


def test_a_pages_tools_reach_their_outcomes_by_clicking(page, base_url, apache, watch):
    reached = check_every_tool_reaches_an_outcome(page, base_url, apache, watch, first_page_only=True)
    assert reached
