"""Start-up: the first answer before Python is ready, the snapshot kept for the next visit, and a
silent fall back to a normal start when the snapshot is unusable."""

from __future__ import annotations

import time

from helpers import choose, tool, wait_for_outcome

PAGE = "lead-professional/choosing-the-lead-professional/"


def runtime(page, field: str):
    return page.evaluate(f"window.handbookTools.runtime.{field}")


def wait_until(page, expression: str, seconds: float = 90) -> None:
    """Poll from Python: the site's CSP (rightly) refuses the eval a JavaScript predicate needs."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        time.sleep(0.2)


def visit(context, base_url):
    page = context.new_page()
    page.goto(base_url + PAGE)
    wait_until(page, "['ready', 'failed'].includes(handbookTools.runtime.state)")
    return page


def test_a_repeat_visit_restores_python_from_the_saved_snapshot(context, base_url):
    first = visit(context, base_url)
    assert runtime(first, "startedFrom") == "start"
    wait_until(first, "handbookTools.runtime.snapshotSaved === true")
    first.close()
    second = visit(context, base_url)
    assert runtime(second, "startedFrom") == "snapshot"
    choose(second, "Adoption is the plan for the child")
    assert "adoption" in wait_for_outcome(second)
    assert second.evaluate("caches.keys()") == ["lp-python-snapshots"]


CORRUPT = """async () => {
    const cache = await caches.open('lp-python-snapshots');
    const keys = await cache.keys();
    const junk = new Blob([new Uint8Array(4096).fill(7)]).stream().pipeThrough(new CompressionStream('gzip'));
    for (const key of keys) await cache.put(key, new Response(junk));
    return keys.length;
}"""


def test_an_unusable_snapshot_falls_back_to_a_normal_start_without_the_reader_noticing(context, base_url):
    first = visit(context, base_url)
    wait_until(first, "handbookTools.runtime.snapshotSaved === true")
    assert first.evaluate(CORRUPT) == 1
    first.close()
    second = visit(context, base_url)
    assert runtime(second, "state") == "ready" and runtime(second, "startedFrom") == "start"
    assert tool(second).locator(".lp-tool__unavailable").is_hidden()
    choose(second, "The child is subject to a child protection plan")
    assert "child protection plan" in wait_for_outcome(second)
    wait_until(second, "handbookTools.runtime.snapshotSaved === true")  # a good one replaces it
