/* Lead Professional handbook: offers the handbook for offline use.
 *
 * Registers the service worker at the top of the site once the page has loaded and the browser
 * is idle, so it never competes with what the reader opened. Browsers allow service workers
 * only on https and on this computer (localhost); elsewhere this does nothing.
 */
(function () {
  "use strict";

  const WORKER = /*OFFLINE_WORKER*/ null; // the service worker's path from this script, or null when off
  if (!WORKER || !("serviceWorker" in navigator) || !window.isSecureContext) return;
  const url = new URL(WORKER, document.currentScript.src);

  function register() {
    navigator.serviceWorker.register(url, { scope: new URL("./", url).pathname }).then(keepRuntimeOnceUsed, (error) => {
      console.warn("The handbook is not available offline in this browser.", error);
    });
  }

  // The tools' runtime is kept only once a tool has used it on this device: pages without a tool
  // never download it. It usually comes straight from the browser's HTTP cache.
  function keepRuntimeOnceUsed() {
    const tools = window.handbookTools;
    if (!tools) return;
    const keep = () => navigator.serviceWorker.ready.then((registration) => {
      registration.active.postMessage({ type: "keep", urls: tools.runtimeFiles() });
    });
    if (tools.runtime.state === "ready") keep();
    else tools.onRuntime((event) => event === "ready" && keep());
  }

  const whenIdle = window.requestIdleCallback || ((callback) => setTimeout(callback, 2000));
  if (document.readyState === "complete") whenIdle(register);
  else window.addEventListener("load", () => whenIdle(register), { once: true });
})();
