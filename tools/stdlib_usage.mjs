// Which files of Python's standard library the handbook's tools use, found by running them.
//
//   node tools/stdlib_usage.mjs <wheel> [<python_stdlib.zip>]
//
// Starts Pyodide exactly as the browser's worker does (site-packages from site, unpacking the wheel), imports
// every module of the decision package that the wheel holds (the build leaves runtime.NOT_IN_BROWSER out of
// it), walks every path of every tree, and sends the browser entry point bad input so that its error handling runs too. Prints JSON: the files inside the
// standard library zip that Python loaded. Given a second argument, it runs against that zip
// instead of the full one, which is how the build checks its lean copy.
import { installWheel, loadPyodide } from "./pyodide_node.mjs";

const [wheel, stdlib] = process.argv.slice(2);
const pyodide = await loadPyodide({
  ...(stdlib ? { stdLibURL: stdlib } : {}),
  stdout: () => {},
  stderr: () => {},
});
installWheel(pyodide, wheel);
const result = pyodide.runPython(`
import importlib, json, pkgutil, sys
import decision
from decision import browser, get_tree, tree_ids
from decision.engine.paths import snapshot_lines

for info in pkgutil.walk_packages(decision.__path__, "decision."):
    importlib.import_module(info.name)
for tree_id in tree_ids():
    snapshot_lines(get_tree(tree_id))
for request in ("", "[]", "{", json.dumps({"tree": "nowhere"}), json.dumps({"action": "resolve", "tree": "allocation",
                "answers": {"status": "none", "practitioners": [{"role": "<b>x</b>", "criteria": ["agrees"]}]}})):
    browser.handle(request)
try:
    raise ValueError("exercise the traceback machinery")
except ValueError:
    import traceback
    traceback.format_exc()

marker = "/python" + "".join(map(str, sys.version_info[:2])) + ".zip/"
files = set()
for module in list(sys.modules.values()):
    path = getattr(module, "__file__", None) or ""
    if marker in path:
        files.add(path.split(marker, 1)[1])
json.dumps({"python": sys.version.split()[0], "files": sorted(files)})
`);
process.stdout.write(result);
