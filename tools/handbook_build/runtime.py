"""Everything the browser needs to run the tools, placed in the built site.

- the `decision` package as a pure-Python wheel, made by pypa `build` (not `pyodide build`,
  which downloads a cross-build environment and cannot run offline);
- the Pyodide core files from the npm package pinned by package-lock.json, under a path that
  names the exact version, so they can be cached for a year;
- the handbook's own scripts and styles, named by a hash of their content for the same reason.

Slow steps (the wheel, compression) are cached in .cache/ by a hash of their inputs.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

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
    "python_stdlib.zip": "python_stdlib.zip",
}


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


def trimmed_lock() -> dict:
    """Pyodide's lock file lists packages we never load; the worker passes just its header,
    which saves a 119 kB download and a round trip on every first visit."""
    lock = json.loads((PYODIDE_PACKAGE / "pyodide-lock.json").read_text())
    return {"info": lock["info"], "packages": {}}


@dataclass(frozen=True)
class Built:
    """Paths of the runtime inside the site, relative to the site root."""

    pyodide_dir: str
    wheel: str
    scripts: dict[str, str]  # source name -> hashed name, e.g. lp-tools.js -> assets/handbook/lp-tools.1a2b.js


def package_sources() -> list[Path]:
    return sorted(p for p in (ROOT / "src" / "decision").rglob("*.py")) + [ROOT / "pyproject.toml"]


def build_wheel() -> Path:
    """The package's wheel, rebuilt only when its sources change."""
    sources = package_sources()
    key = content_hash(*(p.read_bytes() for p in sources), *(str(p.relative_to(ROOT)).encode() for p in sources))
    target = CACHE / "wheel" / key
    found = list(target.glob("*.whl"))
    if found:
        return found[0]
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=CACHE) as scratch:  # built aside, then moved: builds may run at once
        work = Path(scratch)
        shutil.copytree(ROOT / "src" / "decision", work / "src" / "decision",
                        ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(ROOT / "pyproject.toml", work / "pyproject.toml")
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


def copy_runtime(site_dir: Path, script_names: dict[str, str]) -> Built:
    """Copy Pyodide and the wheel into the site; script_names come from hashed_scripts()."""
    version = pyodide_version()
    pyodide_dir = f"{RUNTIME_DIR}/pyodide/{version}"
    for source, name in PYODIDE_FILES.items():
        _copy_if_changed(PYODIDE_PACKAGE / source, site_dir / pyodide_dir / name)
    wheel = build_wheel()
    wheel_path = f"{RUNTIME_DIR}/wheels/{wheel.parent.name}/{wheel.name}"
    _copy_if_changed(wheel, site_dir / wheel_path)
    return Built(pyodide_dir, wheel_path, script_names)


def _copy_if_changed(source: Path, target: Path) -> None:
    if target.exists() and target.stat().st_size == source.stat().st_size and \
            target.stat().st_mtime >= source.stat().st_mtime:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)
