// The handbook's service worker: the handbook and the tools' Python runtime keep working
// offline after a first visit. The build writes this file to the top of the site (so that it
// looks after every page, at any path) with OFFLINE_MANIFEST filled in.
//
// - Pages: from the network when it answers, else from the cache (always the latest when online).
// - Files whose name carries a version or a content hash: from the cache, else the network.
// - A first visit costs nothing extra: only what that page used is kept (the small files come
//   from the browser's HTTP cache). The rest of the handbook is fetched once the reader opens a
//   second page, and the Python runtime only after a tool has used it, so pages without a tool
//   never download it.
// It stores site files only. Nothing a reader types is ever sent to it or kept by it.

const MANIFEST = /*OFFLINE_MANIFEST*/ { build: "dev", pages: [], assets: [] };
const CACHE = `lp-handbook-${MANIFEST.build}`;
const VERSIONED = /\/assets\/handbook\/(pyodide\/[^/]+|wheels\/[0-9a-f]+|stdlib\/[0-9a-f]+)\/|\.[0-9a-f]{8,10}\.(js|css|svg|png)$|\/assets\/(javascripts|stylesheets)\/.*\.[0-9a-f]{8}\.min\.(js|css)$/;
const PAGE_TIMEOUT_MS = 4000; // after this, a slow network loses to the cached copy
const WHOLE_HANDBOOK_KEPT = "whole-handbook-kept"; // a marker in the cache: pages fetched ahead
const WHOLE_HANDBOOK_DELAY_MS = 5000; // let the page the reader opened, and its tool, start first

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    await keep(MANIFEST.assets); // already in the HTTP cache from the page that registered us
    await self.skipWaiting();
  })());
});

// One by one, so that a file missing from a partial upload does not abandon the rest. Versioned
// files come from the HTTP cache as they are; anything else is checked with the server.
async function keep(paths) {
  const cache = await caches.open(CACHE);
  for (const path of paths) {
    const url = new URL(path, self.registration.scope);
    if (await cache.match(url)) continue;
    try {
      await cache.add(new Request(url, { cache: VERSIONED.test(url.pathname) ? "default" : "no-cache" }));
    } catch (error) {
      console.warn(`Not kept for offline use: ${path}`, error);
    }
  }
}

// The reader has opened a second page: this is real use, so keep the whole handbook for offline.
async function keepWholeHandbookOnce() {
  const cache = await caches.open(CACHE);
  if (await cache.match(WHOLE_HANDBOOK_KEPT)) return;
  await cache.put(WHOLE_HANDBOOK_KEPT, new Response("yes"));
  await keep(MANIFEST.pages);
}

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("lp-handbook-") && name !== CACHE) await caches.delete(name);
    }
    // The page's request leaves while the worker itself is still starting.
    if (self.registration.navigationPreload) await self.registration.navigationPreload.enable();
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(self.registration.scope)) return;
  if (VERSIONED.test(new URL(request.url).pathname)) {
    event.respondWith(cacheFirst(event));
  } else if (request.mode === "navigate" || (request.headers.get("Accept") || "").includes("text/html")) {
    event.respondWith(networkFirst(event));
    event.waitUntil(later(WHOLE_HANDBOOK_DELAY_MS).then(keepWholeHandbookOnce));
  } else {
    event.respondWith(networkFirst(event));
  }
});

function later(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// A page used a tool: keep the runtime it downloaded (lp-offline.js sends the addresses).
self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type !== "keep" || !Array.isArray(message.urls)) return;
  event.waitUntil(keep(message.urls.filter((url) => typeof url === "string" && url.startsWith(self.registration.scope))));
});

async function cacheFirst(event) {
  const request = event.request;
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  keepCopy(event, cache, response);
  return response;
}

async function networkFirst(event) {
  const request = event.request;
  const cache = await caches.open(CACHE);
  try {
    const response = await withTimeout(preloadedOrFetched(event), PAGE_TIMEOUT_MS);
    keepCopy(event, cache, response);
    return response;
  } catch (error) {
    const kept = await cache.match(request, { ignoreSearch: true });
    if (kept) return kept;
    throw error;
  }
}

// A navigation's response, already on its way if the browser preloaded it.
async function preloadedOrFetched(event) {
  const preloaded = event.preloadResponse ? await event.preloadResponse : undefined;
  return preloaded || fetch(event.request);
}

// The reader gets the response as it arrives; the copy is stored alongside, not before.
function keepCopy(event, cache, response) {
  if (response.ok && response.type === "basic") event.waitUntil(cache.put(event.request, response.clone()));
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the network is too slow")), ms);
    promise.then((value) => { clearTimeout(timer); resolve(value); }, (error) => { clearTimeout(timer); reject(error); });
  });
}
