// The handbook's Python worker: one per browser tab, shared by every tool on every page.
// It starts Pyodide, unpacks the `decision` wheel into site-packages and answers "resolve"
// requests with the JSON view of a step. It holds no rules of its own: Python decides.

let ready = null; // a promise of the Python entry point, set by the first "start" message

function post(message) {
  self.postMessage(message);
}

function failed(error) {
  console.error(error);
  post({ type: "failed", message: failureMessage(error) });
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
      if (response && response.ok === false) failed(new Error(`${response.url} answered ${response.status}`));
      return response;
    }, (error) => {
      failed(error);
      throw error;
    });
  };
}

// A server that sends the .wasm file with the wrong MIME type (IIS or Apache without the
// mapping) makes streaming compilation refuse it; the same bytes compile fine without streaming.
function compileDespiteMimeType() {
  const streaming = WebAssembly.instantiateStreaming;
  if (typeof streaming !== "function") return;
  WebAssembly.instantiateStreaming = async function (source, imports) {
    const response = await source;
    const type = (response.headers && response.headers.get("Content-Type")) || "";
    if (type.split(";")[0].trim() === "application/wasm") return streaming.call(this, response, imports);
    console.warn(`${response.url} was sent as "${type}", not application/wasm; compiling it without streaming.`);
    return WebAssembly.instantiate(await response.arrayBuffer(), imports);
  };
}

async function start({ pyodideDir, wheelUrl, stdlibUrl, lock, trees }) {
  const started = performance.now();
  compileDespiteMimeType();
  const runtimeFile = ([url]) => {
    const address = String(url && url.url ? url.url : url);
    return address.startsWith(pyodideDir) || address === stdlibUrl;
  };
  reportFailuresOf(self, "fetch", runtimeFile);
  reportFailuresOf(WebAssembly, "instantiateStreaming", () => true);
  reportFailuresOf(WebAssembly, "instantiate", () => true);
  post({ type: "progress", stage: "download" });
  const wheel = fetch(wheelUrl).then((response) => {
    if (!response.ok) throw new Error(`the decision rules could not be downloaded (${response.status})`);
    return response.arrayBuffer();
  });
  // Both files are ES modules shipped with a .js name, so that servers which do not know .mjs
  // still send a JavaScript MIME type.
  const [{ loadPyodide }, asm] = await Promise.all([
    import(`${pyodideDir}pyodide.esm.js`),
    import(`${pyodideDir}pyodide.asm.js`),
  ]);
  post({ type: "progress", stage: "start" });
  const pyodide = await loadPyodide({
    indexURL: pyodideDir,
    stdLibURL: stdlibUrl, // the lean library the build checked; the full one is beside Pyodide
    createPyodideModule: asm.default,
    lockFileContents: lock,
    stdout: () => {},
    stderr: (line) => console.warn(line),
  });
  post({ type: "progress", stage: "rules" });
  const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");
  pyodide.unpackArchive(new Uint8Array(await wheel), "wheel", { extractDir: sitePackages });
  const handle = pyodide.pyimport("decision.browser").handle;
  for (const tree of trees || []) pyodide.pyimport(`decision.${tree}`); // import while the reader reads
  post({ type: "ready", ms: Math.round(performance.now() - started) });
  return handle;
}

function failureMessage(error) {
  const text = String((error && error.message) || error || "");
  if (/memory/i.test(text)) return "This device ran out of memory while starting the tool.";
  if (/WebAssembly|wasm/i.test(text)) return "This browser could not run WebAssembly, which the tool needs.";
  return "The tool's Python runtime could not be downloaded or started.";
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
  if (message.type === "resolve") {
    let reply;
    try {
      const handle = await ready;
      reply = JSON.parse(handle(JSON.stringify(message.request)));
    } catch (error) {
      console.error(error);
      reply = { ok: false, message: "Something went wrong in this tool. Start again, or use the written rules on this page." };
    }
    post({ type: "reply", id: message.id, reply });
  }
};
