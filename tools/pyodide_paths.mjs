// Enumerate every path of the given trees under Pyodide (in Node), printing JSON
// {python, paths: {tree: [snapshot lines]}, replies: [...], library: {bytecode, source}} so a test
// can compare Pyodide's answers with CPython's, and see which of the library's files were loaded.
// With --requests=FILE (a JSON list of request strings), `replies` holds the browser entry
// point's reply to each, as the page's worker would get it; with --settings=FILE (the settings
// file the build publishes), Python is given those settings first, as the worker gives them.
//   node tools/pyodide_paths.mjs <wheel> <python_stdlib.zip> [--requests=FILE] [--settings=FILE] <tree> [<tree> ...]
import { readFileSync } from "node:fs";
import { installWheel, loadPyodide, quiet } from "./pyodide_node.mjs";

const [wheel, stdlib, ...rest] = process.argv.slice(2);
const option = (name) => (rest.find((arg) => arg.startsWith(`--${name}=`)) || "").slice(name.length + 3);
const requestsFile = option("requests");
const settingsFile = option("settings");
const trees = rest.filter((arg) => !arg.startsWith("--"));
const requests = requestsFile ? JSON.parse(readFileSync(requestsFile, "utf8")) : [];
const settings = settingsFile ? readFileSync(settingsFile, "utf8") : null;
const pyodide = await loadPyodide({ ...quiet, stdLibURL: stdlib });
installWheel(pyodide, wheel);
pyodide.globals.set("wanted", pyodide.toPy(trees));
pyodide.globals.set("requests", pyodide.toPy(requests));
pyodide.globals.set("settings", settings);
const result = pyodide.runPython(`
import json, sys
from decision import get_tree
from decision.engine.paths import snapshot_lines
from decision.browser import configure, handle
if settings is not None:
    configured = json.loads(configure(settings))
    if not configured["ok"]:
        raise SystemExit(f"the settings were refused: {configured['problem']}")
paths = {tree_id: snapshot_lines(get_tree(tree_id)) for tree_id in wanted}
replies = [handle(request) for request in requests]
# The library's modules that were loaded from it (not frozen into Python), by kind of file:
# bytecode, or source that had to be compiled here.
zip_path = "/python" + "".join(map(str, sys.version_info[:2])) + ".zip/"
files = [path.split(zip_path, 1)[1] for module in list(sys.modules.values())
         if zip_path in (path := getattr(module, "__file__", None) or "")
         and getattr(getattr(module, "__spec__", None), "origin", None) != "frozen"]
json.dumps({"python": sys.version.split()[0], "paths": paths, "replies": replies,
            "library": {"bytecode": sorted(f for f in files if f.endswith(".pyc")),
                        "source": sorted(f for f in files if f.endswith(".py"))}})
`);
process.stdout.write(result);
