"""Start-up: the first answer before Python is ready, the snapshot kept for the next visit, and a
silent fall back to a normal start when the snapshot is unusable."""

from __future__ import annotations

from helpers import choose, tool, wait_for_outcome

PAGE = "lead-professional/choosing-the-lead-professional/"


def runtime(page, field: str):
    return page.evaluate(f"window.handbookTools.runtime.{field}")


def wait_until(page, expression: str, seconds: float = 90) -> None:
    """Wait for the page's state. Given as a function, the predicate's source goes to the page as it
    is, so the site's CSP (which rightly refuses eval) does not stop it."""
    page.wait_for_function(f"() => {expression}", timeout=seconds * 1000)


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


# Python's snapshot is mostly memory Python has not used, left as zeros: a few bytes flipped in
# the middle of such a stretch leave a snapshot that restores as if nothing were wrong. The
# checksum written with it is kept, as a damaged disk or a failed write would keep it.
DAMAGE = """async () => {
    const cache = await caches.open('lp-python-snapshots');
    const [key] = await cache.keys();
    const stored = await cache.match(key);
    const headers = Object.fromEntries(stored.headers.entries());
    const plain = stored.body.pipeThrough(new DecompressionStream('gzip'));
    const bytes = new Uint8Array(await new Response(plain).arrayBuffer());
    let zeros = 0, at = -1;
    for (let i = Math.floor(bytes.length / 2); i < bytes.length; i++) {
        zeros = bytes[i] === 0 ? zeros + 1 : 0;
        if (zeros === 65536) { at = i - 32768; break; }
    }
    if (at < 0) return null;
    for (let i = 0; i < 20; i++) bytes[at + i * 97] ^= 1 << (i % 8);
    const packed = new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'));
    await cache.put(key, new Response(packed, { headers }));
    return headers['x-snapshot-sha256'] || '';
}"""

# What the snapshot cache holds: for each entry, the checksum written with it and that of its bytes.
KEPT = """async () => {
    const cache = await caches.open('lp-python-snapshots');
    const found = [];
    for (const key of await cache.keys()) {
        const stored = await cache.match(key);
        const plain = stored.body.pipeThrough(new DecompressionStream('gzip'));
        const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await new Response(plain).arrayBuffer()));
        found.push([stored.headers.get('x-snapshot-sha256'), Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')]);
    }
    return found;
}"""


def test_a_damaged_snapshot_is_deleted_unused_and_python_starts_normally(context, base_url):
    first = visit(context, base_url)
    wait_until(first, "handbookTools.runtime.snapshotSaved === true")
    written = first.evaluate(DAMAGE)
    assert written, "the snapshot has no checksum, or no stretch of unused memory to damage"
    first.close()
    second = visit(context, base_url)
    assert runtime(second, "state") == "ready" and runtime(second, "startedFrom") == "start"
    choose(second, "Adoption is the plan for the child")
    assert "adoption" in wait_for_outcome(second)
    wait_until(second, "handbookTools.runtime.snapshotSettled === true")
    kept = second.evaluate(KEPT)
    assert all(checksum == actual for checksum, actual in kept), kept  # the damaged one is gone
    assert len(kept) <= 1


def test_a_start_that_hangs_deletes_the_snapshot_so_the_next_visit_starts_normally(context, base_url):
    first = visit(context, base_url)
    wait_until(first, "handbookTools.runtime.snapshotSaved === true")
    first.close()
    # The next start hangs (the rules' wheel never arrives), as a snapshot that hangs Python would.
    held = []
    stuck = context.new_page()
    stuck.add_init_script(script="window.lpGiveUpMs = 3000;")  # the test's hook: readers wait 90 s
    stuck.route("**/*.whl", lambda route: held.append(route))
    stuck.goto(base_url + PAGE)
    notice = tool(stuck).locator(".lp-tool__unavailable")
    notice.wait_for(state="visible", timeout=30_000)
    assert "took too long to start" in notice.inner_text()
    wait_until(stuck, "caches.keys().then((names) => !names.includes('lp-python-snapshots'))", seconds=10)
    for route in held:
        route.abort()
    stuck.close()
    third = visit(context, base_url)
    assert runtime(third, "state") == "ready" and runtime(third, "startedFrom") == "start"
