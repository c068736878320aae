/* Lead Professional handbook: the offline copy, from the page's side.
 *
 * Registers the service worker (sw.js) at the top of the site once the page has loaded and the
 * browser is idle, so it never competes with what the reader opened. Browsers allow service
 * workers only on https and on this computer (localhost); elsewhere this does nothing.
 *
 * - It asks the worker to keep the page the reader opened, and a tool's runtime once it has run.
 * - A page that came from the offline copy says so, with its edition (the release's identity and
 *   date), and that it may be out of date when this browser has seen a newer release.
 * - window.handbookOffline lets the privacy page (lp-privacy.js) read and change the reader's
 *   choice to keep the whole handbook, and stop the worker keeping anything before it deletes it all.
 */
(function () {
  "use strict";

  const WORKER = /*OFFLINE_WORKER*/ null; // the service worker's path from this script, or null when off
  const SCRIPT = document.currentScript;
  const supported = Boolean(WORKER) && "serviceWorker" in navigator && window.isSecureContext;
  const workerUrl = WORKER ? new URL(WORKER, SCRIPT.src) : null;
  const scope = workerUrl ? new URL("./", workerUrl) : null;
  const ASK_TIMEOUT_MS = 10000;
  let stopped = false; // the reader deleted what the site stored: ask for nothing more on this page

  // One question to a service worker, answered on a port of its own.
  function ask(worker, message, timeout = ASK_TIMEOUT_MS) {
    return new Promise((resolve, reject) => {
      if (!worker) return reject(new Error("no service worker"));
      const channel = new MessageChannel();
      const timer = timeout ? setTimeout(() => reject(new Error("the service worker did not answer")), timeout) : 0;
      channel.port1.onmessage = (event) => { clearTimeout(timer); resolve(event.data || {}); };
      worker.postMessage(message, [channel.port2]);
    });
  }

  const active = () => navigator.serviceWorker.ready.then((registration) => registration.active);
  const here = () => location.href.split("#")[0];

  window.handbookOffline = {
    available: supported,
    scope: scope ? scope.href : null,
    // What the worker keeps: this release, the newest seen, the reader's choice (see sw.js describe()).
    describe: () => supported ? active().then((worker) => ask(worker, { type: "edition", url: here() })) : Promise.resolve(null),
    // Keep the whole handbook (true), or only what the reader opens and uses (false).
    choose: (whole) => active().then((worker) => ask(worker, { type: "choose", whole: whole === true }, 0)),
    // Before everything is deleted: nothing more is registered from this page, and every worker
    // (one still installing included) stops keeping until the next visit. Resolves once none of
    // them can write any more, so that what is deleted next stays deleted.
    stop: async () => {
      stopped = true;
      if (!supported) return;
      await registering;
      const registration = await navigator.serviceWorker.getRegistration(scope.href).catch(() => null);
      if (!registration) return;
      const workers = [registration.installing, registration.waiting, registration.active].filter(Boolean);
      await Promise.all(workers.map((worker) => ask(worker, { type: "forget" }).catch(() => null)));
      if (registration.installing) await settled(registration.installing);
    },
  };
  if (!supported) return;

  let registering = Promise.resolve(null); // the registration under way, if any

  function register() {
    if (stopped) return; // the reader deleted what the site stored before the browser was idle
    registering = navigator.serviceWorker.register(workerUrl, { scope: scope.pathname }).then((registration) => {
      if (!registration || stopped) return; // refused without an error (a test browser's blocking, say)
      retryUnfinishedReleases(registration);
      keepWhatWasOpened();
    }, (error) => {
      console.warn("The handbook is not available offline in this browser.", error);
    });
  }

  // Until an installing worker has finished (told to forget, it gives up at its next file).
  function settled(worker) {
    return new Promise((resolve) => {
      const check = () => worker.state !== "installing" && resolve();
      worker.addEventListener("statechange", check);
      setTimeout(resolve, ASK_TIMEOUT_MS * 3); // a download that hangs is abandoned by then
      check();
    });
  }

  // A new release whose copy could not be finished (the connection dropped, or the upload was only
  // half done) is discarded, and the old copy stays. The browser would try again on the next page
  // opened; while this one stays open, try again after 10 seconds, then 20, and so on up to 5 minutes.
  function retryUnfinishedReleases(registration) {
    const FIRST_MS = 10000;
    const LONGEST_MS = 300000;
    let delay = FIRST_MS;
    const follow = (worker) => worker && worker.addEventListener("statechange", () => {
      if (worker.state === "activated") delay = FIRST_MS;
      if (worker.state !== "redundant" || stopped || registration.active === worker) return;
      setTimeout(() => stopped || registration.update().catch(() => null), delay);
      delay = Math.min(2 * delay, LONGEST_MS);
    });
    follow(registration.installing);
    registration.addEventListener("updatefound", () => follow(registration.installing));
  }

  // The page the reader opened (a first visit's page reaches the worker only this way), and the
  // tools' runtime once a tool has used it on this device: pages without a tool never download it.
  function keepWhatWasOpened() {
    const keep = (urls) => !stopped && active().then((worker) => ask(worker, { type: "keep", urls }, 0)).catch(() => null);
    keep([here()]);
    const tools = window.handbookTools;
    if (!tools) return;
    const keepRuntime = () => keep(tools.runtimeFiles());
    if (tools.runtime.state === "ready") keepRuntime();
    else tools.onRuntime((event) => event === "ready" && keepRuntime());
  }

  // ---------------------------------------------------------------------------------------
  // The edition notice, on every page that came from the offline copy
  // ---------------------------------------------------------------------------------------
  const NOTICE_CLASS = "lp-edition";

  function showEdition() {
    const controller = navigator.serviceWorker.controller;
    const article = document.querySelector("article.md-content__inner") || document.querySelector("main");
    if (!controller || !article) return;
    const page = here();
    ask(controller, { type: "edition", url: page }).then((answer) => {
      if (here() !== page || !answer.ok) return; // the reader has moved on
      for (const old of document.querySelectorAll(`.${NOTICE_CLASS}`)) old.remove();
      // From the copy; or, while offline, from the browser's own cache.
      if (answer.page === "copy" || (navigator.onLine === false && answer.page)) article.prepend(notice(answer));
    }, () => null);
  }

  function notice(answer) {
    const shown = answer.edition;
    const newest = answer.newest;
    const other = answer.page === "other";
    const outOfDate = !other && Boolean(newest && newest.key && newest.key !== shown.key);
    const box = document.createElement("div");
    box.className = `admonition ${outOfDate || other ? "warning" : "note"} ${NOTICE_CLASS}`;
    box.setAttribute("role", "note");
    box.setAttribute("aria-label", "Offline copy");
    const title = document.createElement("p");
    title.className = "admonition-title";
    title.textContent = outOfDate ? "Offline copy: it may be out of date" : other ? "Offline: another edition" : "Offline copy";
    const text = document.createElement("p");
    if (answer.page === "copy") {
      text.textContent = "The website could not be reached, so this page comes from the copy of the handbook kept "
        + `on this device: the edition ${edition(shown)}.`;
    } else if (!other) {
      text.textContent = `You are offline. This page is the edition ${edition(shown)}, the same as the copy of the `
        + "handbook kept on this device.";
    } else {
      text.textContent = "You are offline. Your browser kept this page from another edition of the handbook than "
        + `the copy kept on this device (the edition ${edition(shown)}), so it may not match the other pages.`;
    }
    box.append(title, text);
    if (outOfDate) {
      const warning = document.createElement("p");
      warning.textContent = newest.copy === "complete"
        ? `A newer edition (${edition(newest)}) has been published since, so this page may be out of date. This `
          + "device has a copy of it, which it will use once you have closed every tab of the handbook and opened it again."
        : `A newer edition (${edition(newest)}) has been published since, and this device has not `
          + "finished copying it, so this page may be out of date. Check it again when you are back online.";
      box.append(warning);
    }
    return box;
  }

  // "published 4 March 2025 (identity 1a2b3c4d5e)"
  function edition(release) {
    const parts = [];
    const day = release.date ? new Date(`${release.date}T00:00:00Z`) : null;
    if (day && !Number.isNaN(day.getTime())) {
      parts.push(`published ${day.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" })}`);
    }
    parts.push(`identity ${release.build}`);
    return parts.length > 1 ? `${parts[0]} (${parts[1]})` : parts[0];
  }

  const whenIdle = window.requestIdleCallback || ((callback) => setTimeout(callback, 2000));
  if (document.readyState === "complete") whenIdle(register);
  else window.addEventListener("load", () => whenIdle(register), { once: true });

  // On the first page and after each instant page change of the theme.
  const everyPage = window.handbookTools ? window.handbookTools.onEveryPage : (run) => run();
  everyPage(showEdition);
  window.addEventListener("offline", showEdition);
  window.addEventListener("online", showEdition);
})();
