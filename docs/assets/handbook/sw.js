// The handbook's service worker: the handbook and the tools' Python runtime keep working
// offline after a first visit. The build writes this file to the top of the site (so that it
// looks after every page, at any path) with OFFLINE_MANIFEST filled in.
//
// - Pages: from the network when it answers, else from the cache (always the latest when online).
// - Files whose name carries a version or a content hash: from the cache, else the network.
// - The Python runtime is not fetched ahead: it is cached the first time a tool page uses it,
//   so pages without a tool never download it.
// It stores site files only. Nothing a reader types is ever sent to it or kept by it.

const MANIFEST = /*OFFLINE_MANIFEST*/ { build: "dev", pages: [], assets: [] };
const CACHE = `lp-handbook-${MANIFEST.build}`;
const VERSIONED = /\/assets\/handbook\/(pyodide\/[^/]+|wheels\/[0-9a-f]+|stdlib\/[0-9a-f]+)\/|\.[0-9a-f]{8,10}\.(js|css|svg|png)$|\/assets\/(javascripts|stylesheets)\/.*\.[0-9a-f]{8}\.min\.(js|css)$/;
const PAGE_TIMEOUT_MS = 4000; // after this, a slow network loses to the cached copy

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const scope = self.registration.scope;
    // One by one, so that a page missing from a partial upload does not abandon the rest.
    for (const path of [...MANIFEST.pages, ...MANIFEST.assets]) {
      try {
        await cache.add(new Request(new URL(path, scope), { cache: "no-cache" }));
      } catch (error) {
        console.warn(`Not kept for offline use: ${path}`, error);
      }
    }
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("lp-handbook-") && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(self.registration.scope)) return;
  if (VERSIONED.test(new URL(request.url).pathname)) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === "navigate" || (request.headers.get("Accept") || "").includes("text/html")) {
    event.respondWith(networkFirst(request));
  } else {
    event.respondWith(networkFirst(request));
  }
});

// A page used a tool: keep the runtime it downloaded (lp-offline.js sends the addresses).
self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type !== "keep" || !Array.isArray(message.urls)) return;
  const wanted = message.urls.filter((url) => typeof url === "string" && url.startsWith(self.registration.scope));
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    for (const url of wanted) {
      if (!(await cache.match(url))) {
        try {
          await cache.add(url);
        } catch (error) {
          console.warn(`Not kept for offline use: ${url}`, error);
        }
      }
    }
  })());
});

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") await cache.put(request, response.clone());
  return response;
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await withTimeout(fetch(request), PAGE_TIMEOUT_MS);
    if (response.ok && response.type === "basic") await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(request, { ignoreSearch: true });
    if (kept) return kept;
    throw error;
  }
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the network is too slow")), ms);
    promise.then((value) => { clearTimeout(timer); resolve(value); }, (error) => { clearTimeout(timer); reject(error); });
  });
}
