// The handbook's Python worker: one per browser tab, shared by every tool on every page.
// It starts Pyodide, unpacks the `decision` wheel into site-packages, hands Python the council's
// settings once (the file the build published with this release: local rules and names, the
// council's name, the edition) and answers requests with Python's JSON replies. The training
// scenarios are in a file of their own, fetched and given to Python once, only when a page first
// asks for feedback on one (giveScenarios). It holds no rules of its own: Python decides.
//
// Starting Python takes about 3 s, most of it Python initialising. So after a normal start the
// worker keeps a memory snapshot of Python (taken just after the package is imported, before any
// reader's answer reaches it) in the browser's Cache Storage; the next visit restores it in a
// fraction of that time. The snapshot holds no reader data, is tied to the exact Pyodide, wheel
// and library versions, and any trouble with it falls back to a normal start. It is taken before
// the settings are given, so it holds none of them: they are given after a restore too. The
// scenarios are given later still, after Python is ready (or never, on a page without training).

const SNAPSHOT_CACHE = "lp-python-snapshots";
// A restore that takes longer is abandoned for a normal start. This covers its waits only: a
// snapshot that hangs Python itself blocks this worker, so the page ends it and deletes the
// snapshot (lp-tools.js), and the checksum below keeps damaged snapshots from being restored.
const SNAPSHOT_TIME_LIMIT_MS = 15000;
const CHECKSUM_HEADER = "X-Snapshot-SHA256"; // of the snapshot's bytes, written with it
const PROGRESS_EVERY_MS = 250; // the download's progress, at most this often
const SAVE_DELAY_MS = 1500; // compress and store after the reader's first answers, not before

let ready = null; // a promise of the Python entry point, set by the first "start" message
let browserModule = null; // Python's decision.browser, once the package is installed
let scenariosUrl = ""; // the training scenarios' file, named in the "start" message
let scenariosGiven = null; // a promise, set by the first request for feedback on a scenario
let onRuntimeFailure = failed; // where wrapped runtime calls report a failure
const phases = {}; // when each part of starting ended, in ms since the worker began: for the benchmark

function phaseEnded(name) {
  phases[name] = Math.round(performance.now());
}

// Python can answer. `from` says how it started: "start", or "snapshot" when restored.
function postReady(from, started) {
  post({ type: "ready", ms: Math.round(performance.now() - started), from, phases, origin: performance.timeOrigin });
}

function post(message) {
  self.postMessage(message);
}

function failed(error) {
  console.error(error);
  post({ type: "failed", message: failureMessage(error) });
}

function failureMessage(error) {
  const text = String((error && error.message) || error || "");
  if (/memory/i.test(text)) return "This device ran out of memory while starting the tool.";
  if (/WebAssembly|wasm/i.test(text)) return "This browser could not run WebAssembly, which the tool needs.";
  return "The tool's Python runtime could not be downloaded or started.";
}

// Pyodide catches a failed WebAssembly download or compile, logs a warning and then waits
// forever. Watching the calls it makes lets the page say so at once and show the written rules.
function reportFailuresOf(owner, name, isRuntimeCall) {
  const original = owner[name];
  if (typeof original !== "function") return;
  owner[name] = function (...args) {
    const result = original.apply(this, args);
    if (!isRuntimeCall(args)) return result;
    return result.then((response) => {
      if (response && response.ok === false) onRuntimeFailure(new Error(`${response.url} answered ${response.status}`));
      return response;
    }, (error) => {
      onRuntimeFailure(error);
      throw error;
    });
  };
}

function sentAsWasm(response) {
  const type = (response.headers && response.headers.get("Content-Type")) || "";
  if (type.split(";")[0].trim() === "application/wasm") return true;
  console.warn(`${response.url} was sent as "${type}", not application/wasm; compiling it without streaming.`);
  return false;
}

// Python's WebAssembly is compiled from the moment the worker starts, alongside the download
// and parsing of Pyodide's scripts, rather than after them; Pyodide is handed the compiled module
// and never fetches the file itself. A server that sends the .wasm file with the wrong MIME type
// (IIS or Apache without the mapping) makes streaming compilation refuse it; the same bytes
// compile fine without streaming. A failure here is reported like any other (reportFailuresOf).
function compileEarly(wasmUrl, wasmBytes) {
  const compiled = fetch(wasmUrl).then((response) => {
    if (!response.ok) throw new Error(`${response.url} answered ${response.status}`);
    const counted = countedResponse(response, wasmBytes);
    return sentAsWasm(response) ? WebAssembly.compileStreaming(counted) : counted.arrayBuffer().then((bytes) => WebAssembly.compile(bytes));
  });
  compiled.catch(() => {}); // reported when Pyodide asks for it, below
  const standIns = new WeakSet();
  const fetchBefore = self.fetch;
  self.fetch = function (resource, init) {
    if (String(resource && resource.url ? resource.url : resource) !== wasmUrl) return fetchBefore.call(this, resource, init);
    const standIn = new Response(new Uint8Array(0), { headers: { "Content-Type": "application/wasm" } });
    standIns.add(standIn);
    return Promise.resolve(standIn);
  };
  const streaming = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = async function (source, imports) {
    const response = await source;
    if (standIns.has(response)) {
      const module = await compiled;
      return { module, instance: await WebAssembly.instantiate(module, imports) };
    }
    if (typeof streaming === "function" && sentAsWasm(response)) return streaming.call(this, response, imports);
    return WebAssembly.instantiate(await response.arrayBuffer(), imports);
  };
}

// The WebAssembly (most of the runtime's bytes) counted as it arrives, and reported to the page at
// most every PROGRESS_EVERY_MS and at the end: a reader on a slow connection sees how far it has
// got. `total` is the file's size as the build saw it, so the count is of bytes after decoding.
function countedResponse(response, total) {
  if (!response.body || typeof TransformStream !== "function" || !(total > 0)) return response;
  let received = 0;
  let reported = 0;
  const report = (last) => {
    const now = performance.now();
    if (!last && now - reported < PROGRESS_EVERY_MS) return;
    reported = now;
    post({ type: "download", received: Math.min(received, total), total });
  };
  const counter = new TransformStream({
    transform(chunk, controller) {
      received += chunk.byteLength;
      report(false);
      controller.enqueue(chunk);
    },
    flush() {
      report(true);
    },
  });
  return new Response(response.body.pipeThrough(counter), { status: response.status, statusText: response.statusText, headers: response.headers });
}

// ---------------------------------------------------------------------------------------------
// The snapshot kept in Cache Storage (only where the browser offers it: https and localhost)
// ---------------------------------------------------------------------------------------------
function snapshotsPossible() {
  return typeof caches === "object" && typeof CompressionStream === "function" && typeof DecompressionStream === "function";
}

async function snapshotKey(parts) {
  return (await sha256(new TextEncoder().encode(parts.join("\n")))).slice(0, 24);
}

async function sha256(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

function snapshotAddress(key) {
  return new URL(`python-snapshot-${key}`, self.location.href).href; // a cache key, never fetched
}

// The saved snapshot, only if its bytes are exactly those written: a damaged snapshot can hang
// Python as it is restored, so it is deleted unread and Python starts normally.
async function readSnapshot(key) {
  if (!snapshotsPossible()) return null;
  try {
    const stored = await (await caches.open(SNAPSHOT_CACHE)).match(snapshotAddress(key));
    if (!stored) return null;
    const expected = stored.headers.get(CHECKSUM_HEADER);
    const plain = stored.body.pipeThrough(new DecompressionStream("gzip"));
    const bytes = new Uint8Array(await new Response(plain).arrayBuffer());
    if (!expected || (await sha256(bytes)) !== expected) throw new Error("its checksum does not match");
    return bytes;
  } catch (error) {
    console.warn("The saved Python snapshot could not be used; deleting it and starting normally.", error);
    await forgetSnapshots();
    return null;
  }
}

async function saveSnapshot(key, bytes) {
  try {
    const cache = await caches.open(SNAPSHOT_CACHE);
    for (const old of await cache.keys()) await cache.delete(old); // one snapshot: the current versions'
    const checksum = await sha256(bytes);
    const packed = new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"));
    const headers = { "Content-Type": "application/octet-stream", [CHECKSUM_HEADER]: checksum };
    await cache.put(snapshotAddress(key), new Response(packed, { headers }));
    post({ type: "snapshot-settled", saved: true });
  } catch (error) {
    console.warn("Python's start-up snapshot could not be kept; the next visit starts normally.", error);
    post({ type: "snapshot-settled", saved: false });
  }
}

async function forgetSnapshots() {
  try {
    await caches.delete(SNAPSHOT_CACHE);
  } catch (error) {
    /* nothing kept, nothing to forget */
  }
}

// ---------------------------------------------------------------------------------------------
// Starting Python
// ---------------------------------------------------------------------------------------------
async function start({ pyodideDir, wheelUrl, stdlibUrl, settingsUrl, scenariosUrl: scenarios, lock, wasmBytes }) {
  const started = performance.now();
  scenariosUrl = scenarios || "";
  const runtimeFile = ([url]) => {
    const address = String(url && url.url ? url.url : url);
    return address.startsWith(pyodideDir) || address === stdlibUrl;
  };
  reportFailuresOf(self, "fetch", runtimeFile);
  compileEarly(new URL("pyodide.asm.wasm", pyodideDir).href, wasmBytes);
  reportFailuresOf(WebAssembly, "instantiateStreaming", () => true);
  reportFailuresOf(WebAssembly, "instantiate", () => true);
  post({ type: "progress", stage: "download" });
  const key = snapshotsPossible() ? await snapshotKey([pyodideDir, wheelUrl, stdlibUrl, self.location.href]) : "";
  const saved = key ? readSnapshot(key) : Promise.resolve(null);
  const wheel = fetch(wheelUrl).then((response) => {
    if (!response.ok) throw new Error(`the decision rules could not be downloaded (${response.status})`);
    return response.arrayBuffer();
  });
  // Say so as soon as the rules cannot be had, not only once Python has started and asks for them.
  wheel.catch((error) => onRuntimeFailure(error));
  const settings = fetch(settingsUrl).then((response) => {
    if (!response.ok) throw new Error(`the tools' settings could not be downloaded (${response.status})`);
    return response.text();
  });
  settings.catch((error) => onRuntimeFailure(error));
  // Both files are ES modules shipped with a .js name, so that servers which do not know .mjs
  // still send a JavaScript MIME type.
  const [{ loadPyodide }, asm] = await Promise.all([
    import(`${pyodideDir}pyodide.esm.js`),
    import(`${pyodideDir}pyodide.asm.js`),
  ]);
  phaseEnded("scripts");
  const options = {
    indexURL: pyodideDir,
    stdLibURL: stdlibUrl, // the lean library the build checked; the full one is beside Pyodide
    createPyodideModule: asm.default,
    lockFileContents: lock,
    stdout: () => {},
    stderr: (line) => console.warn(line),
  };
  post({ type: "progress", stage: "start" });
  const snapshot = await saved;
  phaseEnded("snapshot-read");
  if (snapshot) {
    try {
      const handle = await withinTimeLimit(restore(loadPyodide, options, snapshot, wheel, settings));
      postReady("snapshot", started);
      post({ type: "snapshot-settled", saved: false }); // restored: nothing new to keep
      return handle;
    } catch (error) {
      console.warn("Python's saved snapshot did not work; starting normally.", error);
      onRuntimeFailure = failed;
      await forgetSnapshots();
    }
  }
  const pyodide = await loadPyodide({ ...options, _makeSnapshot: Boolean(key) });
  phaseEnded("python");
  post({ type: "progress", stage: "rules" });
  const handle = await installPackage(pyodide, wheel);
  phaseEnded("rules");
  const image = key ? takeSnapshot(pyodide) : null; // before any reader's answer, or the settings, reach Python
  await configure(settings);
  postReady("start", started);
  if (image) setTimeout(() => saveSnapshot(key, image), SAVE_DELAY_MS);
  else post({ type: "snapshot-settled", saved: false }); // this browser keeps none
  return handle;
}

async function installPackage(pyodide, wheel) {
  // site is frozen into Python; sysconfig would load two more modules (60 kB) to say the same.
  const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
  pyodide.unpackArchive(new Uint8Array(await wheel), "wheel", { extractDir: sitePackages });
  // A restored Python remembers the folders it looked in before; make it look again. (Kept in
  // step with tools/stdlib_usage.mjs, which finds the standard library files this needs.)
  pyodide.runPython("import sys; sys.path_importer_cache.clear()");
  browserModule = pyodide.pyimport("decision.browser");
  const handle = browserModule.handle;
  // Every registered tree, imported now (while the reader reads) and so kept in the snapshot. The
  // registry names them, so nothing a page says can stop Python starting.
  pyodide.runPython("from decision.trees.registry import get_tree, tree_ids\nfor tree_id in tree_ids(): get_tree(tree_id)");
  return handle;
}

function takeSnapshot(pyodide) {
  try {
    return pyodide.makeMemorySnapshot();
  } catch (error) {
    console.warn("No start-up snapshot this time.", error);
    return null;
  }
}

// The council's settings, given to Python once, before it answers anything: requests carry only
// what is asked. Python checks them; settings it refuses fail the start, as a missing file would,
// and the page offers the written rules.
async function configure(settings) {
  const reply = JSON.parse(browserModule.configure(await settings));
  if (!reply.ok) throw new Error(`the tools' settings were refused: ${reply.problem || reply.message}`);
}

// A restored Python has its memory but not the files unpacked into it, so the wheel is unpacked
// again (from the HTTP cache) and the settings are given; then one request proves it answers
// before the page relies on it.
async function restore(loadPyodide, options, snapshot, wheel, settings) {
  let abandon;
  const abandoned = new Promise((_, reject) => { abandon = reject; });
  onRuntimeFailure = (error) => abandon(error);
  const pyodide = await Promise.race([loadPyodide({ ...options, _loadSnapshot: snapshot }), abandoned]);
  phaseEnded("python");
  const handle = await installPackage(pyodide, wheel);
  await configure(settings);
  phaseEnded("rules");
  const probe = JSON.parse(handle(JSON.stringify({ tree: "allocation", answers: {} })));
  if (!probe.ok) throw new Error("the restored Python did not answer");
  onRuntimeFailure = failed;
  return handle;
}

// The training scenarios, given to Python once, when a page first asks for feedback on one (the
// training page's "feedback" requests): a page without training never downloads them. Python is
// ready by then, its snapshot taken and its settings given, so the snapshot never holds them.
// Python checks them; a failed download, or scenarios it refuses, fail that request only (the
// page offers its answer sheet), and the next request for feedback tries again.
function giveScenarios() {
  if (!scenariosGiven) {
    scenariosGiven = (async () => {
      const response = await fetch(scenariosUrl);
      if (!response.ok) throw new Error(`the training scenarios could not be downloaded (${response.status})`);
      const text = await response.text();
      const reply = JSON.parse(browserModule.configure_scenarios(text));
      if (!reply.ok) throw Object.assign(new Error(`the training scenarios were refused: ${reply.problem || reply.message}`), { reply });
    })();
    scenariosGiven.catch(() => { scenariosGiven = null; });
  }
  return scenariosGiven;
}

function withinTimeLimit(promise) {
  return Promise.race([promise, new Promise((_, reject) =>
    setTimeout(() => reject(new Error("restoring took too long")), SNAPSHOT_TIME_LIMIT_MS))]);
}

self.onmessage = async (event) => {
  const message = event.data || {};
  if (message.type === "start") {
    if (!ready) {
      ready = start(message);
      ready.catch(failed);
    }
    return;
  }
  if (message.type === "forget-snapshot") {
    await forgetSnapshots();
    return;
  }
  if (message.type === "resolve") {
    let reply;
    try {
      const handle = await ready;
      if (message.request && message.request.action === "feedback") await giveScenarios();
      reply = JSON.parse(handle(JSON.stringify(message.request)));
    } catch (error) {
      console.error(error);
      reply = (error && error.reply) || { ok: false, message: "Something went wrong in this tool. Start again, or use the written rules on this page." };
    }
    post({ type: "reply", id: message.id, reply });
  }
};
