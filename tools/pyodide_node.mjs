// Pyodide from node_modules, started in Node the way the browser's worker (lp-worker.js) starts
// it, for the build's and the tests' scripts that run the tools outside a browser.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const { loadPyodide } = await import(join(root, "node_modules", "pyodide", "pyodide.mjs"));

// Python's own output is left out of a script's JSON; its errors go to stderr.
export const quiet = { stdout: () => {}, stderr: (line) => process.stderr.write(line + "\n") };

// The decision wheel unpacked into site-packages, as lp-worker.js's installPackage does.
export function installWheel(pyodide, wheel) {
  const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
  pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel", { extractDir: sitePackages });
  pyodide.runPython("import sys; sys.path_importer_cache.clear()");
}
