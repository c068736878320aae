// Compiles the lean standard library to bytecode for the browser's Python, and checks the result.
//
//   node tools/compile_bytecode.mjs <python_stdlib.zip> <wheel> <out.zip>
//
// Pyodide never writes bytecode, and the npm package's standard library holds only .py files, so
// without this every cold start compiles each module it imports (in Node here: about 7 s instead
// of 2 s on a busy 2-core machine). pyodide-build's `pyodide py-compile` does this with a host
// Python of Pyodide's exact version (3.14), which this machine does not have; so Python compiles
// the files inside Pyodide itself, whose bytecode they must match exactly.
//
// - Each `.py` becomes a sourceless `.pyc` in its place, which zipimport loads, made by the standard
//   library's py_compile (what compileall runs) as unchecked hash-based pycs, so Python never looks
//   for the source to validate them. pyodide-build's own compile step cannot run inside Pyodide:
//   importing pyodide_build needs packages with compiled extensions (pydantic-core).
// - Optimised as `python -OO -X no_debug_ranges`: no docstrings, no asserts, no column positions
//   (tracebacks keep their line numbers). Nothing the tools run reads a docstring.
// - Modules frozen into Pyodide's Python (os, codecs, importlib's bootstrap...) are always loaded
//   from the frozen copy, so their files are left out.
//
// Then a second Python starts on the compiled library, installs the wheel, and answers a tool's
// request, as the browser's worker does; only if that works is <out.zip> written. The build runs
// every path of every tree on it too (tests/unit/test_snapshots.py). Prints JSON: the Python
// version, the files compiled and the files left out.
import { readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";

import { installWheel, loadPyodide, quiet } from "./pyodide_node.mjs";

const [stdlibIn, wheel, stdlibOut] = process.argv.slice(2);
if (!stdlibOut) {
  process.stderr.write("usage: node tools/compile_bytecode.mjs <python_stdlib.zip> <wheel> <out.zip>\n");
  process.exit(2);
}

// PYTHONNODEBUGRANGES is read when Python starts; -OO is compile()'s optimize=2 below.
const compiler = await loadPyodide({ ...quiet, env: { PYTHONNODEBUGRANGES: "1" } });
compiler.FS.mkdirTree("/compile");
compiler.FS.writeFile("/compile/lean.zip", new Uint8Array(readFileSync(stdlibIn)));
const summary = compiler.runPython(`
import _imp, json, os, py_compile, sys, zipfile

library = "/lib/python" + "".join(map(str, sys.version_info[:2])) + ".zip/"  # as tracebacks name files

def module_name(path):
    name = path[:-3].replace("/", ".")
    return name.removesuffix(".__init__")

def frozen(name):
    """Frozen into Python (importlib._bootstrap is frozen as _frozen_importlib, and loaded as both)."""
    module = sys.modules.get(name)
    return _imp.is_frozen(name) or getattr(getattr(module, "__spec__", None), "origin", None) == "frozen"

def bytecode(source, path):
    """The standard library's own compiler (py_compile, as compileall uses it), on a scratch copy."""
    with open("/compile/module.py", "wb") as scratch:
        scratch.write(source)
    py_compile.compile("/compile/module.py", cfile="/compile/module.pyc", dfile=library + path, doraise=True,
                       optimize=2, invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
    with open("/compile/module.pyc", "rb") as compiled:
        return compiled.read()

compiled, left_out = [], []
with zipfile.ZipFile("/compile/lean.zip") as lean, zipfile.ZipFile("/compile/out.zip", "w") as out:
    for info in lean.infolist():
        data = lean.read(info.filename)
        if info.filename.endswith(".py"):
            if frozen(module_name(info.filename)):
                left_out.append(info.filename)
                continue
            entry = zipfile.ZipInfo(info.filename[:-3] + ".pyc", date_time=info.date_time)
            entry.external_attr = info.external_attr
            out.writestr(entry, bytecode(data, info.filename), compress_type=zipfile.ZIP_STORED)
            compiled.append(info.filename)
        else:
            out.writestr(info, data, compress_type=zipfile.ZIP_STORED)
json.dumps({"python": sys.version.split()[0], "compiled": len(compiled), "left_out": left_out})
`);

// The check: a Python on the compiled library loads the tools from it and answers. The library is
// written beside <out.zip> first and renamed to it only once it has passed.
const candidate = `${stdlibOut}.${process.pid}.part`;
writeFileSync(candidate, compiler.FS.readFile("/compile/out.zip"));
const checker = await loadPyodide({ ...quiet, stdLibURL: candidate });
installWheel(checker, wheel);
const answered = checker.runPython(`
import json, sys
from decision import browser
reply = browser.handle(json.dumps({"action": "resolve", "tree": "allocation", "answers": {}}))
loaded = [m.__file__ for m in list(sys.modules.values()) if (getattr(m, "__file__", None) or "").endswith(".pyc")]
json.dumps({"ok": json.loads(reply).get("ok") is True, "from_bytecode": len(loaded)})
`);
const check = JSON.parse(answered);
if (!check.ok || !check.from_bytecode) {
  unlinkSync(candidate);
  process.stderr.write(`the compiled library did not answer a tool's request: ${answered}\n`);
  process.exit(1);
}
renameSync(candidate, stdlibOut);
process.stdout.write(JSON.stringify({ ...JSON.parse(summary), loaded_from_bytecode: check.from_bytecode }));
