/* Lead Professional handbook: what stays with the reader.
 *
 * 1. The privacy page's storage control (markup in docs/about/privacy.md, shown only when this
 *    script runs): it lists what the handbook keeps in this browser, and how much; lets the reader
 *    choose to keep the whole handbook for offline use; and deletes everything the handbook
 *    stored: every cache (pages, the tools' runtime, Python's start-up snapshot), IndexedDB,
 *    localStorage and sessionStorage, and the service worker's registration.
 * 2. Search highlighting that sends nothing: the theme's own highlighting puts the search words
 *    in the result's address (?h=...), which reaches the server and its logs. Instead, the words
 *    are remembered in this tab's memory when a result is chosen, and marked on the page it opens.
 *
 * Where the handbook is the whole website (published at /), everything the browser keeps for the
 * website is the handbook's. Under a path (/handbook/), the website may publish other things at
 * the same address, so only the handbook's own data goes: addresses under its path, storage keys
 * starting with its path (the theme names its keys so), and databases named lp-....
 */
(function () {
  "use strict";

  const ROOT = new URL("../../", document.currentScript.src); // this file is in assets/handbook/
  const WHOLE_SITE = ROOT.pathname === "/";
  const SNAPSHOT_CACHE = "lp-python-snapshots"; // where lp-worker.js keeps Python's start-up snapshot
  const RUNTIME = /\/assets\/handbook\/(pyodide|wheels|stdlib)\/|\/assets\/handbook\/lp-worker\.[0-9a-f]+\.js$/;

  const ours = {
    address: (url) => WHOLE_SITE || url.startsWith(ROOT.href),
    key: (key) => WHOLE_SITE || key.startsWith(ROOT.pathname),
    database: (name) => WHOLE_SITE || name.startsWith("lp-") || name.startsWith(ROOT.pathname),
  };

  // ---------------------------------------------------------------------------------------
  // What is stored
  // ---------------------------------------------------------------------------------------
  async function inventory() {
    const found = {
      pages: { count: 0, bytes: 0 }, files: { count: 0, bytes: 0 }, runtime: { count: 0, bytes: 0 },
      snapshot: { count: 0, bytes: 0 }, local: { count: 0, bytes: 0 }, session: { count: 0, bytes: 0 },
      databases: 0, workers: 0,
    };
    if (typeof caches === "object") {
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) {
          if (!ours.address(request.url)) continue;
          const response = await cache.match(request);
          const bytes = response ? (await response.blob()).size : 0;
          const path = new URL(request.url).pathname;
          const kind = name === SNAPSHOT_CACHE || path.includes("python-snapshot-") ? "snapshot"
            : RUNTIME.test(path) ? "runtime" : path.endsWith("/") || path.endsWith(".html") ? "pages" : "files";
          found[kind].count += 1;
          found[kind].bytes += bytes;
        }
      }
    }
    for (const [kind, storage] of [["local", storageOrNull("localStorage")], ["session", storageOrNull("sessionStorage")]]) {
      for (const key of keysOf(storage)) {
        found[kind].count += 1;
        found[kind].bytes += 2 * (key.length + (storage.getItem(key) || "").length); // UTF-16
      }
    }
    found.databases = (await databaseNames()).length;
    found.workers = (await registrations()).length;
    return found;
  }

  function storageOrNull(name) {
    try {
      return window[name];
    } catch (error) { // refused by the browser's settings
      return null;
    }
  }

  function keysOf(storage) {
    if (!storage) return [];
    const keys = [];
    for (let index = 0; index < storage.length; index += 1) {
      const key = storage.key(index);
      if (key !== null && ours.key(key)) keys.push(key);
    }
    return keys;
  }

  async function databaseNames() {
    if (!window.indexedDB || typeof indexedDB.databases !== "function") return [];
    try {
      return (await indexedDB.databases()).map((database) => database.name).filter((name) => name && ours.database(name));
    } catch (error) {
      return [];
    }
  }

  async function registrations() {
    if (!("serviceWorker" in navigator) || !window.isSecureContext) return [];
    return (await navigator.serviceWorker.getRegistrations()).filter((registration) => ours.address(registration.scope));
  }

  // ---------------------------------------------------------------------------------------
  // Deleting all of it
  // ---------------------------------------------------------------------------------------
  async function deleteEverything() {
    if (window.handbookOffline) await window.handbookOffline.stop(); // the worker keeps nothing more
    for (const registration of await registrations()) await registration.unregister();
    if (typeof caches === "object") {
      for (const name of await caches.keys()) {
        if (WHOLE_SITE) {
          await caches.delete(name);
          continue;
        }
        const cache = await caches.open(name);
        for (const request of await cache.keys()) if (ours.address(request.url)) await cache.delete(request);
        if ((await cache.keys()).length === 0) await caches.delete(name);
      }
    }
    for (const name of await databaseNames()) {
      await new Promise((done) => {
        const request = indexedDB.deleteDatabase(name);
        request.onsuccess = request.onerror = request.onblocked = () => done();
      });
    }
    for (const name of ["localStorage", "sessionStorage"]) {
      const storage = storageOrNull(name);
      for (const key of keysOf(storage)) storage.removeItem(key);
    }
  }

  // ---------------------------------------------------------------------------------------
  // The control on the privacy page
  // ---------------------------------------------------------------------------------------
  function size(bytes) {
    if (bytes >= 100000) return `${(bytes / 1000000).toFixed(1)} MB`;
    return `${Math.max(1, Math.round(bytes / 1000))} kB`;
  }

  function plural(count, one, many) {
    return `${count} ${count === 1 ? one : many}`;
  }

  function lines(found) {
    const shown = [];
    const files = (part, text) => part.count && shown.push(`${text}: ${size(part.bytes)}.`);
    if (found.pages.count) shown.push(`Pages kept for offline reading: ${plural(found.pages.count, "page", "pages")}, ${size(found.pages.bytes)}.`);
    files(found.files, "The styles, scripts, pictures and search index those pages use, and the offline copy's own notes");
    files(found.runtime, "The tools' program (Python and the rules), for using the tools offline");
    files(found.snapshot, "A ready-started copy of the tools' Python, so that they start faster");
    if (found.local.count) shown.push(`Settings in local storage, such as a colour scheme you chose: ${plural(found.local.count, "item", "items")}.`);
    if (found.session.count) shown.push(`Items in session storage (cleared when you close the tab): ${found.session.count}.`);
    if (found.databases) shown.push(`Databases (IndexedDB): ${found.databases}.`);
    if (found.workers) shown.push("The offline helper (a service worker) is registered for this handbook.");
    return shown;
  }

  function total(found) {
    return ["pages", "files", "runtime", "snapshot", "local", "session"].reduce((sum, kind) => sum + found[kind].bytes, 0);
  }

  class StorageControl {
    constructor(root) {
      this.root = root;
      this.status = root.querySelector("[data-lp-storage-status]");
      this.list = root.querySelector("[data-lp-storage-list]");
      this.offline = root.querySelector("[data-lp-storage-offline]");
      this.whole = root.querySelector("[data-lp-storage-whole]");
      this.wholeHint = root.querySelector("[data-lp-storage-whole-hint]");
      this.unavailable = root.querySelector("[data-lp-storage-unavailable]");
      this.remove = root.querySelector("[data-lp-storage-delete]");
      this.busy = false;
    }

    mount() {
      this.root.hidden = false;
      this.offline.addEventListener("submit", (event) => { event.preventDefault(); this.choose(); });
      this.remove.addEventListener("submit", (event) => { event.preventDefault(); this.deleteAll(); });
      this.showChoice();
      this.refresh("");
    }

    say(text) {
      this.status.textContent = text;
    }

    async refresh(message) {
      const found = await inventory();
      const shown = lines(found);
      this.list.replaceChildren(...shown.map((text) => {
        const item = document.createElement("li");
        item.textContent = text;
        return item;
      }));
      this.list.hidden = shown.length === 0;
      const summary = shown.length ? `In all, this handbook keeps about ${size(total(found))} on this device.`
        : "This handbook keeps nothing on this device.";
      this.say(message ? `${message} ${summary}` : summary);
      this.root.dataset.stored = String(shown.length);
      return found;
    }

    async showChoice() {
      const offline = window.handbookOffline;
      const possible = Boolean(offline && offline.available);
      this.offline.hidden = !possible;
      this.unavailable.hidden = possible;
      if (!possible) return;
      const answer = await offline.describe().catch(() => null);
      if (!answer || !answer.ok) return;
      this.whole.checked = answer.whole;
      const bytes = answer.bytes || {};
      const all = (bytes.pages || 0) + (bytes.assets || 0) + (bytes.runtime || 0);
      if (all) this.wholeHint.textContent = `About ${size(all)}: every page, and the tools' program so that they work offline too.`;
    }

    async choose() {
      if (this.busy) return;
      this.busy = true;
      const whole = this.whole.checked;
      this.say(whole ? "Keeping the whole handbook on this device. This can take a minute." : "Removing the pages you did not open.");
      try {
        const answer = await window.handbookOffline.choose(whole);
        const done = !whole ? "Only the pages you open, and a tool's program once you use it, are kept now."
          : answer.ok ? "The whole handbook is kept on this device for offline use."
            : `${plural(answer.missing || 0, "file", "files")} could not be kept. Try again later.`;
        await this.refresh(done);
      } catch (error) {
        this.say("Your choice could not be saved. Try again, or reload the page.");
      } finally {
        this.busy = false;
      }
    }

    async deleteAll() {
      if (this.busy) return;
      this.busy = true;
      this.say("Deleting everything this handbook stored…");
      try {
        await deleteEverything();
        const found = await this.refresh("Deleted.");
        if (lines(found).length) this.say("Some of it could not be deleted. Clear this website's data in your browser's settings.");
        this.offline.hidden = true; // nothing is kept now; the choice comes back on the next visit
      } catch (error) {
        this.say("It could not all be deleted. Clear this website's data in your browser's settings.");
      } finally {
        this.busy = false;
      }
    }
  }

  function mountStorageControls() {
    for (const root of document.querySelectorAll("[data-lp-storage]:not([data-mounted])")) {
      root.setAttribute("data-mounted", "");
      new StorageControl(root).mount();
    }
  }

  // ---------------------------------------------------------------------------------------
  // Search highlighting, with the words kept in this tab's memory only
  // ---------------------------------------------------------------------------------------
  let wanted = null; // {words, path}: to mark on the page the chosen result opens
  const SKIP = "script, style, textarea, input, select, button, mark, code, pre, svg, form, .lp-tool, .headerlink, .lp-edition";

  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest("a.md-search-result__link") : null;
    if (!link) return;
    const query = document.querySelector("[data-md-component=search-query]");
    const words = query ? wordsOf(query.value) : [];
    const target = new URL(link.href, location.href);
    wanted = words.length ? { words, path: target.pathname } : null;
    if (wanted && target.pathname === location.pathname) requestAnimationFrame(markWanted); // same page: no page change follows
  }, true);

  function wordsOf(query) {
    const words = query.toLowerCase().split(/[\s\-]+/).map((word) => word.replace(/[^\p{L}\p{N}'’]/gu, ""));
    return [...new Set(words.filter((word) => word.length > 2))]; // not "of", "to" and the like everywhere
  }

  function markWanted() {
    if (!wanted) return;
    const { words, path } = wanted;
    wanted = null;
    const article = document.querySelector("article.md-content__inner");
    if (!article || location.pathname !== path) return;
    const escaped = words.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join("|")})[\\p{L}\\p{N}]*`, "giu");
    const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => node.parentElement.closest(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
    });
    const found = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      pattern.lastIndex = 0;
      if (pattern.test(node.data)) found.push(node);
    }
    for (const node of found) {
      const parts = document.createDocumentFragment();
      let from = 0;
      for (const match of node.data.matchAll(pattern)) {
        parts.append(node.data.slice(from, match.index));
        const mark = document.createElement("mark");
        mark.setAttribute("data-md-highlight", "");
        mark.textContent = match[0];
        parts.append(mark);
        from = match.index + match[0].length;
      }
      parts.append(node.data.slice(from));
      node.replaceWith(parts);
    }
  }

  function onEveryPage() {
    mountStorageControls();
    markWanted();
  }

  if (window.handbookTools) window.handbookTools.onEveryPage(onEveryPage);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", onEveryPage, { once: true });
  else onEveryPage();
})();
