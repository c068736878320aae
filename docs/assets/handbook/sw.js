// The handbook's service worker: the pages a reader opens, and a tool's Python runtime once they
// have used it, keep working offline; the whole handbook too, if the reader chooses it on the
// privacy page (or the council makes that the default). The build writes this file to the top of
// the site (so that it looks after every page, at any path) with OFFLINE_MANIFEST filled in: this
// release's identity and date, and a hash of the content of every page and small file.
//
// One edition at a time, and always a whole one:
// - The offline copy of a release is one cache, named after a hash of the release's content.
//   A new release's worker builds its own cache while installing: every file the reader kept is
//   copied across from the old copy when its content is unchanged, and fetched again when it
//   changed. Only when the new copy is complete may the worker take over, and it does so as the
//   browser's own rule has it: once no open tab still uses the old release. A tab never changes
//   worker under the reader, and the old copy stays whole until then. If it cannot finish (the connection drops, or the upload is still half done), the old
//   worker and its whole copy stay, and the browser tries again (on the next page opened, and
//   from an open page after a while: see lp-offline.js). What is already copied is kept for then.
// - A file goes into a copy only if its content is that release's (its hash matches), so a page
//   of a newer release, fetched online, never sits beside the older release's other pages.
// - Pages: from the network when it answers, else from the copy; the page then says which edition
//   it is, and that it may be out of date when a newer one has been seen (lp-offline.js asks).
// - Files whose name carries a version or a content hash: from the copy, else the network.
// It stores site files only. Nothing a reader types is ever sent to it or kept by it.

const MANIFEST = /*OFFLINE_MANIFEST*/ { build: "dev", key: "dev", date: "", whole: false, pages: {}, pageFiles: {}, assets: {}, runtime: [], bytes: {} };
const SCOPE = self.registration.scope;
const PREFIX = `lp-handbook ${new URL(SCOPE).pathname}`; // two handbooks on one host keep apart
const EDITION_PREFIX = `${PREFIX} edition `;
const CACHE = EDITION_PREFIX + MANIFEST.key; // this release's offline copy
const STATE = `${PREFIX} state`; // the reader's choice, and the newest release this browser has seen
const LEGACY = /^lp-handbook-[0-9a-z]+$/; // the copies of earlier versions of this worker
const note = (name) => new URL(`lp-offline/${name}.json`, SCOPE).href; // cache keys, never fetched
const RECORD = note("edition"); // in a copy: which release it holds; written once it is complete
const CHOICE = note("choice"); // in STATE: {whole: true|false}, once the reader has chosen
const NEWEST = note("newest"); // in STATE: the newest release seen, and how copying it went
const KEPT = "X-Handbook-Kept"; // why a file is in the copy (see REASONS)
// "opened": a page the reader opened, and the files only it uses (the meeting kit's script,
// training's script and scenarios: PAGE_FILES); "used": a tool's runtime, once it ran; "page": the styles,
// scripts and search index every page uses; "chosen": kept only because the reader (or the
// council's default) asked for the whole handbook. Choosing otherwise removes "chosen" files.
const REASONS = { chosen: 0, page: 1, opened: 1, used: 1 };
const VERSIONED = /\/assets\/handbook\/(pyodide\/[^/]+|wheels\/[0-9a-f]+|stdlib\/[0-9a-f]+)\/|\.[0-9a-f]{8,10}\.(js|css|svg|png)$|\/assets\/handbook\/lp-(settings|scenarios)\.[0-9a-f]{8,10}\.json$|\/assets\/(javascripts|stylesheets)\/.*\.[0-9a-f]{8}\.min\.(js|css)$/;
// The runtime: Pyodide, the wheel, the library, the worker and the council's settings for Python.
const RUNTIME = /\/assets\/handbook\/(pyodide|wheels|stdlib)\/|\/assets\/handbook\/lp-worker\.[0-9a-f]+\.js$|\/assets\/handbook\/lp-settings\.[0-9a-f]+\.json$/;
const PAGE_TIMEOUT_MS = 4000; // after this, a slow network loses to the offline copy
const UPDATE_CHECK_MS = 60000; // at most one early look for a new release a minute
const ANSWER_TIMEOUT_MS = 30000; // a download whose server has not begun to answer by then is abandoned
// A file is kept only if its content hashes to what the build wrote. A server that changes files as
// it sends them (some proxies rewrite e-mail addresses in pages) therefore gets no offline pages,
// rather than a copy that might mix releases.

const address = (path) => new URL(path, SCOPE).href;
const PAGES = new Map(Object.entries(MANIFEST.pages).map(([path, hash]) => [address(path), hash]));
const ASSETS = new Map(Object.entries(MANIFEST.assets).map(([path, hash]) => [address(path), hash]));
const RUNTIME_FILES = new Set(MANIFEST.runtime.map(address));
// A page -> the files only some pages use (kept with the page), and all such files.
const PAGE_FILES = new Map(Object.entries(MANIFEST.pageFiles).map(([page, files]) => [address(page), files.map(address)]));
const OWN_FILES = new Set([...PAGE_FILES.values()].flat());
// Client id -> the page it was last given, and whether that came from the copy ("copy"), was this
// release's content from the network or the browser's cache ("this"), or another release's ("other").
const served = new Map();
const SERVED_KEPT = 50; // remembered for the last 50 pages given out
let forgotten = false; // the reader deleted what the site stored: keep nothing until a new visit
let lastUpdateCheck = 0;

// ------------------------------------------------------------------------------------------
// Installing: the whole new copy first; the browser hands over once no tab uses the old release
// ------------------------------------------------------------------------------------------
self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const release = { build: MANIFEST.build, key: MANIFEST.key, date: MANIFEST.date };
    await remember(NEWEST, { ...release, copy: "copying" });
    try {
      await completeEdition(); // throws if anything is missing: this worker is then discarded
    } catch (error) {
      await remember(NEWEST, { ...release, copy: "failed", problem: String(error && error.message || error) });
      throw error;
    }
    await remember(NEWEST, { ...release, copy: "complete" });
    // No skipWaiting(): taking over a running old worker is where Chromium lost requests. The old
    // worker was stopped while answering a navigation from a tab opened just as the last old tab
    // closed, and that tab's page never loaded. Waiting for the old release's tabs to close costs
    // nothing offline: the old copy is whole meanwhile, and online every page comes from the server.
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    // This release's copy is complete (installing made sure), so earlier copies can go.
    for (const name of await earlierCopies()) await caches.delete(name);
    // The page's request leaves while the worker itself is still starting.
    if (self.registration.navigationPreload) await self.registration.navigationPreload.enable();
    await self.clients.claim();
  })());
});

async function earlierCopies() {
  const names = [];
  for (const name of await caches.keys()) {
    if (name === CACHE) continue;
    if (name.startsWith(EDITION_PREFIX)) names.push(name);
    else if (LEGACY.test(name) && (await ownLegacy(name))) names.push(name);
  }
  return names;
}

// An earlier worker's copy had no scope in its name: it is this handbook's if its files are.
async function ownLegacy(name) {
  const [first] = await (await caches.open(name)).keys();
  return !first || first.url.startsWith(SCOPE);
}

// This release's copy, holding everything the reader keeps: the files every page uses; each page
// they opened (or every page, if they chose the whole handbook); and the runtime if a tool ran.
// Unchanged files come across from the earlier copy; changed ones come from the server, and each
// must be this release's. Throws if any is missing, and the earlier copy stays as it was.
async function completeEdition() {
  const target = await caches.open(CACHE);
  const sources = [target];
  for (const name of await earlierCopies()) sources.push(await caches.open(name));
  const whole = await wholeWanted();
  const wanted = new Map([...ASSETS.keys()].map((url) => [url, "page"]));
  let runtime = whole ? "chosen" : null;
  for (const source of sources) {
    for (const request of await source.keys()) {
      const url = plain(request.url);
      const kept = await source.match(request);
      const reason = (kept && kept.headers.get(KEPT)) || "opened";
      if (reason === "chosen" && !whole) continue;
      if (PAGES.has(url)) wanted.set(url, stronger(wanted.get(url), reason));
      else if (RUNTIME.test(new URL(url).pathname)) runtime = stronger(runtime, reason === "opened" ? "used" : reason);
    }
  }
  if (whole) for (const url of PAGES.keys()) wanted.set(url, stronger(wanted.get(url), "chosen"));
  for (const [page, files] of PAGE_FILES) {
    if (wanted.has(page)) for (const url of files) wanted.set(url, stronger(wanted.get(url), wanted.get(page)));
  }
  if (runtime) for (const url of RUNTIME_FILES) wanted.set(url, runtime);
  for (const [url, reason] of wanted) await place(target, sources, url, reason);
  for (const request of await target.keys()) {
    if (request.url !== RECORD && !wanted.has(plain(request.url))) await target.delete(request);
  }
  if (forgotten) throw new Error("the reader has deleted what the handbook stored");
  await target.put(RECORD, json({ build: MANIFEST.build, key: MANIFEST.key, date: MANIFEST.date, complete: true }));
}

// Puts one file in the copy: from a copy that already holds this release's content, else from the server.
async function place(target, sources, url, reason) {
  if (forgotten) throw new Error("the reader has deleted what the handbook stored"); // an install gives up
  const expected = expectedHash(url);
  for (const source of sources) {
    const kept = await source.match(url);
    if (!kept) continue;
    const was = kept.headers.get(KEPT);
    if (expected === null) { // a versioned name: same name, same content
      if (source !== target) await target.put(url, restamped(kept, kept.body, stronger(was, reason)));
      else if (stronger(was, reason) !== was) await target.put(url, restamped(kept, await kept.arrayBuffer(), reason));
      return;
    }
    const body = await kept.arrayBuffer();
    if ((await digest(body)) === expected) {
      if (source !== target || stronger(was, reason) !== was) await target.put(url, restamped(kept, body, stronger(was, reason)));
      return;
    }
  }
  const response = await download(url);
  if (!response.ok) throw new Error(`${url}: the server answered ${response.status}`);
  if (expected === null) return target.put(url, restamped(response, response.body, reason));
  const body = await response.arrayBuffer();
  if ((await digest(body)) !== expected) throw new Error(`${url}: the server has another release's copy`);
  await target.put(url, restamped(response, body, reason));
}

// ------------------------------------------------------------------------------------------
// Serving
// ------------------------------------------------------------------------------------------
self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return;
  const url = plain(request.url);
  if (VERSIONED.test(new URL(url).pathname)) event.respondWith(cacheFirst(event, url));
  else event.respondWith(networkFirst(event, url));
});

async function cacheFirst(event, url) {
  const kept = await caches.match(url, { cacheName: CACHE });
  if (kept) return kept;
  const response = await fetch(event.request);
  keepCopy(event, url, response);
  return response;
}

async function networkFirst(event, url) {
  try {
    const response = await withTimeout(preloadedOrFetched(event), PAGE_TIMEOUT_MS);
    if (PAGES.has(url)) examinePage(event, url, response);
    else keepCopy(event, url, response);
    return response;
  } catch (error) {
    const kept = await caches.match(url, { cacheName: CACHE });
    if (!kept) throw error;
    if (PAGES.has(url)) rememberServed(event, url, "copy");
    return kept;
  }
}

// A page from the network (or the browser's cache): is it this release's? Remembered for the
// page's notice, and kept if the reader keeps it. One copy of the body, always read to the end.
function examinePage(event, url, response) {
  if (response.status !== 200 || response.type !== "basic") return;
  const copy = response.clone();
  event.waitUntil((async () => {
    const body = await copy.arrayBuffer();
    const ours = (await digest(body)) === PAGES.get(url);
    rememberServed(event, url, ours ? "this" : "other");
    if (!ours) lookForNewRelease(); // the server has moved on: this page belongs in the next copy, not this one
    else if (!forgotten) {
      await keepBody(url, copy, body, "opened");
      await keepAddresses(PAGE_FILES.get(url) || [], false);
    }
  })().catch((error) => console.warn(`Not kept: ${url}`, error)));
}

function rememberServed(event, url, verdict) {
  const client = event.resultingClientId || event.clientId;
  if (!client) return;
  served.delete(client);
  served.set(client, { url, verdict });
  if (served.size > SERVED_KEPT) served.delete(served.keys().next().value);
}

// A navigation's response, already on its way if the browser preloaded it.
async function preloadedOrFetched(event) {
  const preloaded = event.preloadResponse ? await event.preloadResponse : undefined;
  return preloaded || fetch(event.request);
}

// The reader gets the response as it arrives; the copy is stored alongside, not before. Only this
// release's files go in, and only while the copy exists: after the reader deleted it, nothing.
// (Pages go through examinePage.)
function keepCopy(event, url, response) {
  const reason = keptFor(url);
  if (!reason || forgotten || response.status !== 200 || response.type !== "basic") return;
  event.waitUntil(keepResponse(url, response.clone(), reason).catch((error) => console.warn(`Not kept: ${url}`, error)));
}

async function keepResponse(url, response, reason) {
  const expected = expectedHash(url);
  if (expected === null) { // a versioned name: the same name holds the same content
    const cache = await openCopy();
    const kept = cache && (await cache.match(url));
    const was = kept && kept.headers.get(KEPT);
    if (!cache || (kept && stronger(was, reason) === was)) return response.body && response.body.cancel().catch(() => {});
    return cache.put(url, restamped(response, response.body, stronger(was, reason)));
  }
  const body = await response.arrayBuffer();
  if ((await digest(body)) !== expected) return lookForNewRelease(); // another release's: for the next copy
  await keepBody(url, response, body, reason);
}

// A file whose content is known to be this release's, unless the copy already has it for as good a reason.
async function keepBody(url, response, body, reason) {
  const cache = await openCopy();
  if (!cache) return;
  const kept = await cache.match(url);
  const was = kept && kept.headers.get(KEPT);
  if (kept && stronger(was, reason) === was) return;
  await cache.put(url, restamped(response, body, stronger(was, reason)));
}

// This release's copy, if it exists: never created here, so that nothing is kept after the reader
// deleted it (keepAddresses and choose make it again, on the reader's next visit or choice).
async function openCopy() {
  return (await caches.has(CACHE)) ? caches.open(CACHE) : null;
}

// ------------------------------------------------------------------------------------------
// Messages from the pages (lp-offline.js)
// ------------------------------------------------------------------------------------------
self.addEventListener("message", (event) => {
  const message = event.data || {};
  const port = event.ports && event.ports[0];
  const reply = (value) => port && port.postMessage(value);
  const failed = (error) => reply({ ok: false, message: String(error && error.message || error) });
  if (message.type === "keep" && Array.isArray(message.urls)) {
    // A page the reader opened (the first one is not seen here), or a tool's runtime once it ran.
    const urls = message.urls.filter((url) => typeof url === "string" && url.startsWith(SCOPE)).map(plain);
    const withFiles = urls.flatMap((url) => [url, ...(PAGE_FILES.get(url) || [])]);
    event.waitUntil(keepAddresses(withFiles, true).then(() => reply({ ok: true }), failed));
  } else if (message.type === "edition") {
    event.waitUntil(describe(event.source && event.source.id, message.url).then(reply, failed));
  } else if (message.type === "choose") {
    event.waitUntil(choose(message.whole === true).then(reply, failed));
  } else if (message.type === "forget") {
    forgotten = true; // until the next visit: the page is about to delete every copy (an install gives up)
    reply({ ok: true });
  }
});

// Keeps these pages and files, each for why it is kept (keptFor). `visit`: a page asked, which is a new
// visit (keeping resumes, and the copy is made again if the reader deleted it); otherwise only into
// the copy that exists.
async function keepAddresses(urls, visit) {
  if (visit) {
    forgotten = false; // a new visit: keeping resumes
    if (!(await caches.has(CACHE))) await completeEdition(); // deleted by the reader earlier
  }
  const cache = await openCopy();
  if (!cache || forgotten) return;
  for (const url of urls) {
    const reason = keptFor(url);
    if (!reason || reason === "page") continue;
    const kept = await cache.match(url);
    if (kept && stronger(kept.headers.get(KEPT), reason) === kept.headers.get(KEPT)) continue;
    if (navigator.onLine === false) return; // kept on a later visit
    try {
      const response = await download(url);
      if (response.ok) await keepResponse(url, response, reason);
    } catch (error) {
      console.warn(`Not kept for offline use: ${url}`, error);
    }
  }
}

// What a page shows about the copy: this release, the newest seen, whether the page itself came
// from the copy, and the reader's choice.
async function describe(clientId, url) {
  const record = await read(RECORD, CACHE);
  const chosen = await read(CHOICE, STATE);
  return {
    ok: true,
    edition: { build: MANIFEST.build, key: MANIFEST.key, date: MANIFEST.date },
    complete: Boolean(record && record.complete),
    newest: (await read(NEWEST, STATE)) || null,
    page: servedTo(clientId, url), // "copy", "this", "other", or null when not known (yet)
    whole: chosen ? chosen.whole === true : MANIFEST.whole === true, // the reader's choice, or the default
    bytes: MANIFEST.bytes, // of every page, the small files and the runtime: what the whole handbook takes
  };
}

// Known at once, never waited for: an answer that waits keeps this worker busy, and a new release's
// worker cannot take over from a busy one.
function servedTo(clientId, url) {
  const entry = served.get(clientId);
  return entry && typeof url === "string" && entry.url === plain(url) ? entry.verdict : null;
}

// The reader's choice on the privacy page: the whole handbook (pages and tools) kept for offline
// use, or only what they open and use.
async function choose(whole) {
  forgotten = false;
  await remember(CHOICE, { whole });
  if (!(await caches.has(CACHE))) await completeEdition();
  const cache = await caches.open(CACHE);
  let missing = 0;
  if (whole) {
    for (const url of [...PAGES.keys(), ...OWN_FILES, ...RUNTIME_FILES]) {
      try {
        await place(cache, [cache], url, "chosen");
      } catch (error) {
        missing += 1;
        console.warn(`Not kept for offline use: ${url}`, error);
      }
    }
  } else {
    for (const request of await cache.keys()) {
      const kept = await cache.match(request);
      if (kept && kept.headers.get(KEPT) === "chosen") await cache.delete(request);
    }
  }
  return { ok: missing === 0, missing };
}

// ------------------------------------------------------------------------------------------
// Small parts
// ------------------------------------------------------------------------------------------

// An address as the copy keys it: no query, no fragment, a folder's index.html as the folder.
function plain(url) {
  const parsed = new URL(url);
  parsed.hash = "";
  parsed.search = "";
  if (parsed.pathname.endsWith("/index.html")) parsed.pathname = parsed.pathname.slice(0, -"index.html".length);
  return parsed.href;
}

// Why this release keeps a file once it is used, or null for a file it does not keep.
function keptFor(url) {
  return PAGES.has(url) || OWN_FILES.has(url) ? "opened" : ASSETS.has(url) ? "page" : RUNTIME_FILES.has(url) ? "used" : null;
}

// The hash this release's file must have; null for a versioned runtime file (its name is its version).
function expectedHash(url) {
  return PAGES.get(url) || ASSETS.get(url) || null;
}

function stronger(was, reason) {
  if (!was) return reason;
  if (!reason) return was;
  return REASONS[reason] > (REASONS[was] || 0) ? reason : was;
}

// The first 16 hex digits of the content's SHA-256, as the build writes them.
async function digest(buffer) {
  const bytes = new Uint8Array(await crypto.subtle.digest("SHA-256", buffer));
  return Array.from(bytes.slice(0, 8), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

// A copy of a response for the cache, with why it is kept. The body is already decoded, so the
// headers that described its transfer go.
function restamped(response, body, reason) {
  const headers = new Headers(response.headers);
  for (const name of ["Content-Encoding", "Content-Length", "Vary"]) headers.delete(name);
  headers.set(KEPT, reason);
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

function json(value) {
  return new Response(JSON.stringify(value), { headers: { "Content-Type": "application/json" } });
}

async function remember(url, value) {
  if (forgotten) return;
  await (await caches.open(STATE)).put(url, json(value));
}

async function read(url, cacheName) {
  const kept = await caches.match(url, { cacheName });
  return kept ? kept.json() : null;
}

async function wholeWanted() {
  const chosen = await read(CHOICE, STATE);
  return chosen ? chosen.whole === true : MANIFEST.whole === true;
}

function lookForNewRelease() {
  if (Date.now() - lastUpdateCheck < UPDATE_CHECK_MS) return;
  lastUpdateCheck = Date.now();
  self.registration.update().catch(() => {});
}

// A file for the copy: a name that carries its version or content hash as the browser's cache has
// it (the page has just fetched most of them: asking the server again cost a request and a reply
// each on every first visit), anything else checked with the server. Either way its content is
// checked against the release's hash before it is kept. A server that never answers must not hold
// the worker (nor a new release) up.
async function download(url) {
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), ANSWER_TIMEOUT_MS);
  const named = expectedHash(url) === null || VERSIONED.test(new URL(url).pathname);
  try {
    return await fetch(new Request(url, { cache: named ? "default" : "no-cache", signal: stop.signal }));
  } finally {
    clearTimeout(timer);
  }
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the network is too slow")), ms);
    promise.then((value) => { clearTimeout(timer); resolve(value); }, (error) => { clearTimeout(timer); reject(error); });
  });
}
