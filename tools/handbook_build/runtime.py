"""Everything the browser needs to run the tools, placed in the built site.

- the `decision` package as a pure-Python wheel, made by pypa `build` (not `pyodide build`,
  which downloads a cross-build environment and cannot run offline);
- the Pyodide core files from the npm package pinned by package-lock.json, under a path that
  names the exact version, so they can be cached for a year;
- a lean copy of Python's standard library holding only the modules the tools load (found by
  running them under Pyodide in Node, then checked by running them again on the lean copy),
  compiled to bytecode for Pyodide's own Python so that a cold start does not compile it
  (tools/compile_bytecode.mjs says how, and why not `pyodide py-compile`);
- the handbook's own scripts and styles, named by a hash of their content for the same reason;
- brotli and gzip copies of every large text or binary file, for servers that send them as-is.

Slow steps (the wheel, the lean library, compression) are cached in .cache/ by a hash of
their inputs. Compression runs on every core (brotli and zlib release the GIL), and Pyodide's own
files are compressed in the background while the pages build.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import zipfile
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import brotli

log = logging.getLogger("mkdocs.plugins.handbook")

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache"
PYODIDE_PACKAGE = ROOT / "node_modules" / "pyodide"
RUNTIME_SOURCE = ROOT / "docs" / "assets" / "handbook"
RUNTIME_DIR = "assets/handbook"  # where the hashed runtime files go in the site

# npm file -> name in the site. The ES modules are renamed to .js because stock nginx and IIS
# serve .mjs as application/octet-stream, which browsers refuse to run as a module.
PYODIDE_FILES = {
    "pyodide.mjs": "pyodide.esm.js",
    "pyodide.asm.mjs": "pyodide.asm.js",
    "pyodide.asm.wasm": "pyodide.asm.wasm",
    "python_stdlib.zip": "python_stdlib.zip",  # the full library: the worker falls back to it
}
STDLIB_USAGE = ROOT / "tools" / "stdlib_usage.mjs"
PYODIDE_NODE = ROOT / "tools" / "pyodide_node.mjs"  # how those scripts start Pyodide, as the worker does
STDLIB_LIST = ROOT / "tools" / "handbook_build" / "stdlib-files.json"  # committed: see committed_stdlib_files
COMPILE_BYTECODE = ROOT / "tools" / "compile_bytecode.mjs"
# Tiny modules kept in the lean library whether or not the tools were seen to load them, because
# Python reaches for them when it meets text in another encoding.
STDLIB_ALWAYS = ("encodings/ascii.py", "encodings/latin_1.py", "encodings/utf_8_sig.py")
COMPRESSIBLE = (".js", ".css", ".wasm", ".json", ".html", ".svg", ".txt", ".xml", ".map")
MIN_COMPRESS_BYTES = 1024


class RuntimeMissing(RuntimeError):
    """The runtime cannot be assembled; the message says what to run."""


def content_hash(*parts: bytes, length: int = 10) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part)
    return digest.hexdigest()[:length]


def pyodide_version() -> str:
    package = PYODIDE_PACKAGE / "package.json"
    if not package.exists():
        raise RuntimeMissing("Pyodide is not installed: run 'npm ci' in the repository (the README's "
                            "commands do this for you).")
    version = json.loads(package.read_text())["version"]
    locked = json.loads((ROOT / "package-lock.json").read_text())["packages"]["node_modules/pyodide"]["version"]
    if version != locked:
        raise RuntimeMissing(f"node_modules has Pyodide {version} but package-lock.json pins {locked}: run 'npm ci'.")
    return version


def wasm_size() -> int:
    """Bytes of Python's WebAssembly, most of what a first visit downloads."""
    return (PYODIDE_PACKAGE / "pyodide.asm.wasm").stat().st_size


def trimmed_lock() -> dict:
    """Pyodide's lock file lists packages we never load; the worker passes just its header,
    which saves a 119 kB download and a round trip on every first visit."""
    lock = json.loads((PYODIDE_PACKAGE / "pyodide-lock.json").read_text())
    return {"info": lock["info"], "packages": {}}


@dataclass(frozen=True)
class Runtime:
    """The runtime's files: where each comes from, and its path in the site (from the site root)."""

    pyodide_dir: str
    wheel_source: Path
    wheel: str
    stdlib_job: Future  # the standard library's file: compiling it overlaps the pages' build
    stdlib: str

    @property
    def stdlib_source(self) -> Path:
        return self.stdlib_job.result()


def package_sources() -> list[Path]:
    return sorted(p for p in (ROOT / "src" / "decision").rglob("*.py")) + [ROOT / "pyproject.toml"]  # data: see build_wheel


# The package's modules that only the command line and the build use (a council's settings and
# CSV files, and the trainers' scenario files, are read at build time; the browser gets the
# framework as data/framework.json and the rest in the published settings, published.py). Left
# out of the wheel, so tools/stdlib_usage.mjs, which imports every module the wheel holds, never
# counts what they import.
NOT_IN_BROWSER = ("__main__.py", "cli.py", "council.py", "trees/framework_files.py", "training/files.py")


def build_wheel(framework: bytes | None = None) -> Path:
    """The package's wheel, rebuilt only when its sources change. It carries the council's threshold
    framework as data/framework.json (the handbook's default when none is given), which the tools
    read in the browser: that is how the framework reaches Python there."""
    if framework is None:
        from decision.trees.framework_files import read_default
        framework = read_default().to_json().encode()
    sources = package_sources()
    key = content_hash(*(p.read_bytes() for p in sources), *(str(p.relative_to(ROOT)).encode() for p in sources),
                       b"framework", framework)
    target = CACHE / "wheel" / key
    found = list(target.glob("*.whl"))
    if found:
        return found[0]
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=CACHE) as scratch:  # built aside, then moved: builds may run at once
        work = Path(scratch)
        shutil.copytree(ROOT / "src" / "decision", work / "src" / "decision",
                        ignore=shutil.ignore_patterns("__pycache__"))
        for module in NOT_IN_BROWSER:  # never imported in the browser: bytes a reader need not download
            (work / "src" / "decision" / module).unlink()
        shutil.copy(ROOT / "pyproject.toml", work / "pyproject.toml")
        (work / "src" / "decision" / "trees" / "data" / "framework.json").write_bytes(framework)
        (work / "README.md").write_text("Decision trees of the Lead Professional handbook.\n")
        environment = dict(os.environ, SOURCE_DATE_EPOCH="315532800")  # reproducible zip timestamps
        result = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
                                 str(work / "dist"), str(work)], capture_output=True, text=True, env=environment)
        if result.returncode != 0:
            raise RuntimeMissing("Building the decision wheel failed:\n" + result.stdout[-2000:] + result.stderr[-2000:])
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            (work / "dist").rename(target)
        except OSError:  # another build finished first with the same sources: use theirs
            pass
    return next(target.glob("*.whl"))


def stdlib_key() -> str:
    """What the lean library depends on: Pyodide's version, the package's imports, the finder."""
    return content_hash(pyodide_version().encode(), _package_imports(), STDLIB_USAGE.read_bytes(), PYODIDE_NODE.read_bytes(),
                        "|".join(STDLIB_ALWAYS).encode())


def committed_stdlib_files(key: str) -> set[str] | None:
    """The files listed in STDLIB_LIST, if it was made for these inputs. Like a lock file: a first
    build need not run Python twice in Node to find them, and the tests check the list is current
    (and run every tree on the lean library it makes)."""
    try:
        listed = json.loads(STDLIB_LIST.read_text())
    except (OSError, ValueError):
        return None
    return set(listed["files"]) if listed.get("key") == key else None


def lean_stdlib(wheel: Path) -> Path:
    """A standard library zip with only the files the tools use, stored uncompressed so that the
    server's brotli or gzip works across files. Falls back to the full library, with a warning,
    when the committed list is stale and Node.js is missing or the lean copy fails its check."""
    full = PYODIDE_PACKAGE / "python_stdlib.zip"
    key = stdlib_key()
    target = CACHE / "stdlib" / key / "python_stdlib.zip"
    if target.exists():
        return target
    listed = committed_stdlib_files(key)
    lean = _write_lean_zip(full, listed | set(STDLIB_ALWAYS)) if listed is not None else _lean_from_node(full, wheel, key)
    if lean is None:
        return full
    target.parent.mkdir(parents=True, exist_ok=True)
    lean.replace(target)
    return target


def _lean_from_node(full: Path, wheel: Path, key: str) -> Path | None:
    """Find the files by running the tools under Pyodide in Node, check the lean copy by running
    them again on it, and record the list in STDLIB_LIST for the maintainer to commit."""
    node = shutil.which("node")
    if not node:
        log.warning("Node.js not found: shipping the full Python standard library (2.4 MB more per first visit)")
        return None
    try:
        used = _stdlib_files(node, wheel, None)
        lean = _write_lean_zip(full, used | set(STDLIB_ALWAYS))
        checked = _stdlib_files(node, wheel, lean)
        if not checked <= used | set(STDLIB_ALWAYS):
            raise RuntimeMissing(f"the lean library loads files it was not built from: {checked - used}")
    except (RuntimeMissing, subprocess.SubprocessError, ValueError, OSError) as problem:
        log.warning(f"Shipping the full Python standard library: the lean copy failed its check ({problem})")
        return None
    STDLIB_LIST.write_text(json.dumps({"key": key, "files": sorted(used)}, indent=1) + "\n")
    log.warning(f"The standard library the tools use has changed: {STDLIB_LIST} "
                "was updated. Commit it with your change.")
    return lean


def compiled_key(lean: Path) -> str:
    """Names the compiled library by what makes it (the same inputs make the same bytes), so that
    its address is known before it is made."""
    return content_hash(lean.read_bytes(), COMPILE_BYTECODE.read_bytes(), PYODIDE_NODE.read_bytes(),
                        pyodide_version().encode())


def compiled_stdlib(lean: Path, wheel: Path, key: str) -> Path:
    """The lean library with each module as bytecode for Pyodide's Python, checked by starting
    Python on it and answering a tool's request. Falls back to the source it was given, with a
    warning, when Node.js is missing or compiling or the check fails: the tools work either way,
    only a first start is slower."""
    target = CACHE / "stdlib-compiled" / key / "python_stdlib.zip"
    if target.exists():
        return target
    node = shutil.which("node")
    if not node:
        log.warning("Node.js not found: shipping the standard library as source (slower first start)")
        return lean
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        result = subprocess.run([node, str(COMPILE_BYTECODE), str(lean), str(wheel), str(target)],
                                capture_output=True, text=True, timeout=300)
    except subprocess.SubprocessError as problem:
        result = subprocess.CompletedProcess([], 1, "", str(problem))
    if result.returncode != 0 or not target.exists():
        reason = (result.stderr.strip().splitlines() or ["node failed"])[-1]
        log.warning(f"Shipping the standard library as source: compiling it to bytecode failed ({reason})")
        return lean
    return target


def shipped_stdlib(wheel: Path) -> Path:
    """The standard library the site ships for this wheel, made now (for the tests that run it)."""
    lean = lean_stdlib(wheel)
    return compiled_stdlib(lean, wheel, compiled_key(lean))


def _package_imports() -> bytes:
    """The package's import lines: the lean library depends on these, not on the trees' wording."""
    lines = set()
    for path in (ROOT / "src" / "decision").rglob("*.py"):
        lines |= {line.strip() for line in path.read_text().splitlines()
                  if re.match(r"\s*(import|from)\s+\S", line)}
    return "\n".join(sorted(lines)).encode()


def _stdlib_files(node: str, wheel: Path, stdlib: Path | None) -> set[str]:
    command = [node, str(STDLIB_USAGE), str(wheel)] + ([str(stdlib)] if stdlib else [])
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeMissing(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "node failed")
    return set(json.loads(result.stdout)["files"])


def _write_lean_zip(full: Path, keep: set[str]) -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    lean = Path(tempfile.mkstemp(dir=CACHE, suffix=".zip")[1])
    with zipfile.ZipFile(full) as source, zipfile.ZipFile(lean, "w", zipfile.ZIP_STORED) as out:
        for info in source.infolist():
            if info.filename in keep:
                out.writestr(info, source.read(info.filename), compress_type=zipfile.ZIP_STORED)
    return lean


def plan_runtime(framework: bytes | None = None) -> Runtime:
    """Build what must be built and name every file by its version or content. The standard
    library is compiled on a thread of its own while the pages build (about 10 s in Node on a
    first build; cached after that). `framework`: the council's threshold framework as JSON."""
    wheel = build_wheel(framework)
    lean = lean_stdlib(wheel)
    key = compiled_key(lean)
    compiling = ThreadPoolExecutor(max_workers=1, thread_name_prefix="compile-stdlib")
    job = compiling.submit(compiled_stdlib, lean, wheel, key)
    compiling.shutdown(wait=False)  # the thread ends with the job
    return Runtime(
        pyodide_dir=f"{RUNTIME_DIR}/pyodide/{pyodide_version()}",
        wheel_source=wheel,
        wheel=f"{RUNTIME_DIR}/wheels/{wheel.parent.name}/{wheel.name}",
        stdlib_job=job,
        stdlib=f"{RUNTIME_DIR}/stdlib/{key}/python_stdlib.zip",
    )


def copy_runtime(site_dir: Path, runtime: Runtime) -> None:
    for source, name in PYODIDE_FILES.items():
        _copy_if_changed(PYODIDE_PACKAGE / source, site_dir / runtime.pyodide_dir / name)
    _copy_if_changed(runtime.wheel_source, site_dir / runtime.wheel)
    _copy_if_changed(runtime.stdlib_source, site_dir / runtime.stdlib)


def _copy_if_changed(source: Path, target: Path) -> None:
    if target.exists() and target.stat().st_size == source.stat().st_size and \
            target.stat().st_mtime >= source.stat().st_mtime:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)


def make_readable(site_dir: Path) -> None:
    """Every file 0644 and every folder 0755. A web server reads the site as its own user
    (www-data, nginx, IIS_IUSRS), and copies keep the mode they had here (`rsync -a`): a file
    written private, as temporary files are, would answer 403 to every visitor."""
    site_dir.chmod(0o755)
    for path in site_dir.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)


def precompress(site_dir: Path) -> int:
    """Write name.br and name.gz beside every compressible file of 1 kB or more, so that servers
    which send precompressed files as they are (nginx gzip_static, Apache rewrites, IIS) need not
    compress 9 MB of WebAssembly on every request. Returns the number of files compressed."""
    paths = sorted((p for p in site_dir.rglob("*") if _compressible(p)), key=lambda p: -p.stat().st_size)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:  # largest first, on every core
        list(pool.map(_write_compressed, paths))
    return len(paths)


def _write_compressed(path: Path) -> None:
    data = path.read_bytes()
    for suffix, compressed in _compressed(data).items():
        Path(f"{path}{suffix}").write_bytes(compressed)


def _compressed(data: bytes) -> dict[str, bytes]:
    return {".br": _cached(".br", data, _brotli), ".gz": _cached(".gz", data, _gzip)}


def compress_pyodide_ahead() -> threading.Thread:
    """Start compressing Pyodide's files, which no page changes, on a thread of their own: on a
    first build it overlaps the lean library's runs in Node and the pages' rendering. The result
    lands in the compression cache, where precompress() finds it; join the thread before that."""
    sources = [PYODIDE_PACKAGE / source for source, name in PYODIDE_FILES.items() if Path(name).suffix in COMPRESSIBLE]
    work = threading.Thread(target=lambda: [_compressed(path.read_bytes()) for path in sources if path.exists()],
                            name="compress-pyodide", daemon=True)
    work.start()
    return work


def _compressible(path: Path) -> bool:
    if not path.is_file() or path.stat().st_size < MIN_COMPRESS_BYTES:
        return False
    stored_zip = path.name == "python_stdlib.zip" and "stdlib" in path.parts  # the lean copy is stored
    return path.suffix in COMPRESSIBLE or stored_zip


def _brotli(data: bytes) -> bytes:
    # Quality 11 is slow on megabytes (35 s for the WebAssembly); 9 is within 12% of it.
    return brotli.compress(data, quality=11 if len(data) < 1_000_000 else 9)


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def _cached(suffix: str, data: bytes, compress) -> bytes:
    cached = CACHE / "compressed" / f"{hashlib.sha256(data).hexdigest()}{suffix}"
    if cached.exists():
        return cached.read_bytes()
    result = compress(data)
    cached.parent.mkdir(parents=True, exist_ok=True)
    temporary = cached.with_suffix(f".{os.getpid()}.{threading.get_ident()}.part")  # builds and threads may race
    temporary.write_bytes(result)
    temporary.replace(cached)
    return result
