// Enumerate every path of the given trees under Pyodide (in Node), printing JSON
// {tree: [snapshot lines]} so a test can compare Pyodide's answers with CPython's.
//   node tools/pyodide_paths.mjs <wheel> <python_stdlib.zip> <tree> [<tree> ...]
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { loadPyodide } = await import(join(root, "node_modules", "pyodide", "pyodide.mjs"));
const [wheel, stdlib, ...trees] = process.argv.slice(2);
const pyodide = await loadPyodide({ stdLibURL: stdlib, stdout: () => {}, stderr: (line) => process.stderr.write(line + "\n") });
const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");
pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel", { extractDir: sitePackages });
pyodide.globals.set("wanted", pyodide.toPy(trees));
const result = pyodide.runPython(`
import json, sys
from decision import get_tree
from decision.paths import snapshot_lines
json.dumps({"python": sys.version.split()[0],
            "paths": {tree_id: snapshot_lines(get_tree(tree_id)) for tree_id in wanted}})
`);
process.stdout.write(result);
