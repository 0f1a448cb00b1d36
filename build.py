#!/usr/bin/env python3
"""Build, serve and test nnviz: one entry point, standard library only.

    python3 build.py build      vendor the runtime (verified by sha256), assemble dist/
    python3 build.py serve      build if anything changed, serve dist/ on http://127.0.0.1:8000
    python3 build.py test       install the test tools, build, run lint + the whole test suite

Every downloaded file is pinned to an exact version and checked against a sha256 written
below before it is used. Downloads are cached in .cache/ and never fetched twice. Node's
npm client fetches npm packages by name (`npm pack`); pip fetches Python packages by name.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import functools
import hashlib
import http.server
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

ROOT = Path(__file__).resolve().parent
CACHE = ROOT / ".cache"
DIST = Path(os.environ.get("NNVIZ_DIST", ROOT / "dist")).resolve()  # override: parallel builds
WEB = ROOT / "web"
PYSRC = ROOT / "pysrc"
VENV = ROOT / ".venv"
sys.path.insert(0, str(PYSRC))

# --------------------------------------------------------------------------------------------
# What we vendor. Each npm tarball is pinned by version and sha256; files taken out of a
# tarball can carry a sha256 of their own (the numpy wheel does).
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NpmPackage:
    name: str
    version: str
    sha256: str  # of the tarball `npm pack` saves
    take: dict[str, str] = field(default_factory=dict)  # member in tarball -> path under dist/
    member_sha256: dict[str, str] = field(default_factory=dict)

    @property
    def spec(self) -> str:
        return f"{self.name}@{self.version}"

    @property
    def tarball(self) -> Path:
        return CACHE / "npm" / (self.name.lstrip("@").replace("/", "-") + f"-{self.version}.tgz")


# Vendored files live under versioned folders, so a new version is a new URL (cache busting).
PYODIDE_DIR = "vendor/pyodide-0.29.5"
PYSCRIPT_DIR = "vendor/pyscript-0.7.31"
NUMPY_WHEEL = "numpy-2.2.5-cp313-cp313-pyodide_2025_0_wasm32.whl"
NUMPY_WHEEL_SHA256 = "125230b4c3ecd08803e5c43f1162e017c0718d9f253146225a705a952b9c16c2"

PYODIDE = NpmPackage(
    "pyodide",
    "0.29.5",
    "6749b10ee515a1458ecea36d860c8ce2a48366e85b3f92d749ad1840e4aff181",
    take={
        f"package/{f}": f"{PYODIDE_DIR}/{f}"
        for f in ("pyodide.mjs", "pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip")
    },
)
PYSCRIPT = NpmPackage(
    "@pyscript/core",
    "0.7.31",
    "b2ca1a0c0956aebd990a7c8524cca1eb061444a8319a7264d2f31ef30bea276a",
    # core.js and the chunks it imports at start-up. The editor, terminal, game and
    # codemirror plugins are switched off in our config, so their chunks are not shipped.
    take={
        f"package/dist/{f}": f"{PYSCRIPT_DIR}/{f}"
        for f in ("core.js", "core-C9KDLldu.js", "error-D2315lOB.js", "pyodide_graph-CX6fRcVL.js")
    }
    | {"package/LICENSE": f"{PYSCRIPT_DIR}/LICENSE"},
)
NUMPY_CARRIER = NpmPackage(
    # The only registry source of numpy's own Pyodide build (BSD-3, LICENSE.txt inside the
    # wheel). We take that one file; nothing else of this package is shipped.
    "@bentopdf/pymupdf-wasm",
    "0.11.16",
    "cd093f8824761031cae51a5f4f7b47e34030e7a000e09030b7871a11a52e73a0",
    take={f"package/assets/{NUMPY_WHEEL}": f"{PYODIDE_DIR}/{NUMPY_WHEEL}"},
    member_sha256={f"package/assets/{NUMPY_WHEEL}": NUMPY_WHEEL_SHA256},
)
WABT = NpmPackage(
    # WebAssembly's text-format assembler (Apache-2.0), build-time only: buildlib/kernel.py
    # assembles the matrix-product kernel with it, in Node. Nothing of it is shipped.
    "wabt",
    "1.0.39",
    "a10d4f4b15b91de8ab2ccb4700ef12185736f0bc96ee809e53ab17f7ea743fd2",
)
NPM_PACKAGES = (PYODIDE, PYSCRIPT, NUMPY_CARRIER)
AXE = NpmPackage(
    # axe-core (MPL-2.0), a test tool only: the accessibility test injects it into each page.
    "axe-core",
    "4.14.1",
    "e6b0ce02b84d892e2e33e403485e7f3d6c29e2be6df65daf44d89ba564139745",
    take={"package/axe.min.js": "axe.min.js"},
)


class BuildError(SystemExit):
    """An error with a message that tells the user what to do."""

    def __init__(self, message: str):
        super().__init__(f"\nbuild.py: error: {message}\n")


def log(message: str) -> None:
    print(f"[build] {message}", flush=True)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check_hash(path: Path, expected: str, what: str) -> None:
    """Raise (and delete the bad file) unless `path` has the sha256 `expected`."""
    got = sha256_of(path)
    if got != expected:
        path.unlink(missing_ok=True)
        raise BuildError(
            f"sha256 mismatch for {what} ({path.name}):\n  expected {expected}\n  got      {got}\n"
            "The bad file was removed. Run the command again to download it afresh; if it "
            "fails again, the published file differs from the pinned one: do not use it."
        )


def require_npm() -> str:
    npm = shutil.which("npm")
    if not npm:
        raise BuildError(
            "npm was not found. nnviz vendors its browser runtime from npm packages.\n"
            "Install Node.js 18+ with npm (Debian/Ubuntu: `sudo apt-get install nodejs npm`; "
            "macOS: `brew install node`; Windows: the Node.js installer), then run again."
        )
    return npm


def fetch_npm(pkg: NpmPackage) -> Path:
    """Return the verified tarball of `pkg`, downloading it with `npm pack` if not cached."""
    if pkg.tarball.exists():
        check_hash(pkg.tarball, pkg.sha256, pkg.spec)
        return pkg.tarball
    npm = require_npm()
    pkg.tarball.parent.mkdir(parents=True, exist_ok=True)
    log(f"downloading {pkg.spec} (npm pack)")
    result = subprocess.run(
        [npm, "pack", pkg.spec, "--silent", "--pack-destination", str(pkg.tarball.parent)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0 or not pkg.tarball.exists():
        raise BuildError(f"`npm pack {pkg.spec}` failed:\n{result.stderr.strip()}")
    check_hash(pkg.tarball, pkg.sha256, pkg.spec)
    return pkg.tarball


def extract_npm(pkg: NpmPackage) -> dict[str, Path]:
    """Extract the members `pkg.take` names into .cache/files/ (once) and return them."""
    tarball = fetch_npm(pkg)
    out_dir = CACHE / "files" / f"{pkg.name.lstrip('@').replace('/', '-')}-{pkg.version}"
    paths = {member: out_dir / Path(member).name for member in pkg.take}
    missing = [m for m, p in paths.items() if not p.exists()]
    if missing:
        out_dir.mkdir(parents=True, exist_ok=True)
        with tarfile.open(tarball) as tar:
            for member in missing:
                data = tar.extractfile(member)
                if data is None:
                    raise BuildError(f"{pkg.spec} has no file {member}")
                paths[member].write_bytes(data.read())
    for member, expected in pkg.member_sha256.items():
        check_hash(paths[member], expected, f"{member} from {pkg.spec}")
    return paths


# --------------------------------------------------------------------------------------------
# dist/ assembly
# --------------------------------------------------------------------------------------------


def write_lock_file(pyodide_dir: Path) -> None:
    """Write our pyodide-lock.json: Pyodide's own, reduced to the one package we ship.

    Pyodide checks each wheel against the sha256 written here before installing it (the
    wheel in pyodide_dir: the repacked one, see buildlib/runtime.py).
    """
    with tarfile.open(PYODIDE.tarball) as tar:
        member = tar.extractfile("package/pyodide-lock.json")
        assert member is not None
        lock = json.load(member)
    numpy = dict(lock["packages"]["numpy"])
    numpy["file_name"] = NUMPY_WHEEL
    numpy["sha256"] = sha256_of(pyodide_dir / NUMPY_WHEEL)
    lock["packages"] = {"numpy": numpy}
    (pyodide_dir / "pyodide-lock.json").write_text(json.dumps(lock, indent=1, sort_keys=True))


BUILD_ONLY = ("build_data.py",)  # a chapter's build step runs in CPython at build time, never in the browser


def python_sources() -> list[Path]:
    """List the Python files of the nnviz package, as shipped to the browser."""
    return sorted(
        p for p in (PYSRC / "nnviz").rglob("*.py")
        if "__pycache__" not in p.parts and p.name not in BUILD_ONLY
    )


def write_python_bundle(dist: Path) -> str:
    """Zip pysrc/nnviz into dist/py/ under a content-hashed name; return that name.

    The list of files is read from pysrc/ at every build, so it cannot drift. Fixed
    timestamps keep the zip (and its hash) byte-identical for identical sources.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in python_sources():
            info = zipfile.ZipInfo(str(path.relative_to(PYSRC)), date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, path.read_bytes())
    data = buffer.getvalue()
    name = f"nnviz-{hashlib.sha256(data).hexdigest()[:12]}.zip"
    (dist / "py").mkdir(parents=True, exist_ok=True)
    (dist / "py" / name).write_bytes(data)
    return name


def render_index(dist: Path, bundle: str, snapshot: str, loader: str = "auto", embedded_scripts: str = "") -> None:
    """Fill web/index.html's placeholders: nav, course map, chapter articles, boot settings
    (the HTML itself is written by buildlib/pages.py from the registry)."""
    from buildlib import pages
    from nnviz.chapters.registry import (  # pure Python: safe to import here
        CHAPTERS,
        PARTS,
        neighbours,
    )

    missing = pages.chapter_files_exist(CHAPTERS, chapter_dir)
    if missing:
        raise BuildError("a chapter folder lacks " + ", ".join(str(p.relative_to(ROOT)) for p in missing))
    template = (WEB / "index.html").read_text()
    chapter_css = "\n".join(
        f'  <link rel="stylesheet" href="css/{c.route}.css">'
        for c in CHAPTERS
        if (chapter_dir(c) / "style.css").exists()
    )
    boot = {
        "bundle": f"py/{bundle}",
        "routes": [c.route for c in CHAPTERS],
        "chapters": pages.boot_chapters(CHAPTERS),
        "pyodide": f"{PYODIDE_DIR}/",
        "pyscript": f"{PYSCRIPT_DIR}/core.js",
        "snapshot": snapshot,
        "loader": loader,
        # sizes of the big downloads, so the progress bar knows its total from the start
        "sizes": {
            rel: (dist / rel).stat().st_size
            for rel in (f"{PYODIDE_DIR}/pyodide.asm.wasm", f"{PYODIDE_DIR}/python_stdlib.zip", snapshot, f"{PYODIDE_DIR}/{NUMPY_WHEEL}")
            if (dist / rel).exists()
        },
    }
    html = (
        template.replace("<!--NAV-->", pages.nav(CHAPTERS))
        .replace("<!--COURSE-->", pages.course_map(CHAPTERS, PARTS, chapter_dir))
        .replace("<!--CHAPTERS-->", pages.articles(CHAPTERS, chapter_dir, neighbours))
        .replace("<!--CHAPTER_CSS-->", chapter_css)
        .replace("{{BOOT_JSON}}", json.dumps(boot))
        .replace("<!--EMBEDDED_FILES-->", embedded_scripts)
    )
    (dist / "index.html").write_text(html)


def chapter_dir(info) -> Path:
    """The folder of a registry entry: ``pysrc/nnviz/chapters/<route>/``."""
    return PYSRC.joinpath(*info.module.split("."))


def copy_web(dist: Path) -> None:
    """Copy web/ into dist/, except the template build.py renders; add each chapter's CSS."""
    from nnviz.chapters.registry import CHAPTERS

    for src in WEB.rglob("*"):
        rel = src.relative_to(WEB)
        if src.is_dir() or rel == Path("index.html"):
            continue
        dst = dist / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)
    for c in CHAPTERS:
        css = chapter_dir(c) / "style.css"
        if css.exists():
            (dist / "css").mkdir(parents=True, exist_ok=True)
            shutil.copy2(css, dist / "css" / f"{c.route}.css")


def npm_files(spec: dict) -> list[Path]:
    """Return the verified ``members`` of an npm input a build step declares.

    ``spec``: ``{"name": …, "version": "1.2.3", "sha256": <of the tarball>, "members": [paths in it]}``.
    The tarball is fetched once (``npm pack``) and checked; members are extracted into .cache/.
    """
    pkg = NpmPackage(spec["name"], spec["version"], spec["sha256"])
    tarball = fetch_npm(pkg)
    out_dir = CACHE / "files" / f"{pkg.name.lstrip('@').replace('/', '-')}-{pkg.version}"
    paths = [out_dir / Path(m).name for m in spec["members"]]
    if not all(p.exists() for p in paths):
        out_dir.mkdir(parents=True, exist_ok=True)
        with tarfile.open(tarball) as tar:
            for member, path in zip(spec["members"], paths, strict=True):
                data = tar.extractfile(member)
                if data is None:
                    raise BuildError(f"{pkg.spec} has no file {member}")
                path.write_bytes(data.read())
    return paths


def build_data(dist: Path) -> None:
    """Run the build steps chapters declare (``build_step`` in the registry; cached in .cache/data/)."""
    import importlib

    from nnviz.chapters.registry import CHAPTERS

    for c in CHAPTERS:
        if c.build_step:
            module = importlib.import_module(c.build_step)
            module.build(dist=dist, cache=CACHE / "data", log=log, npm_files=npm_files)


def prepare_runtime(dist: Path) -> str:
    """Swap in the repacked numpy wheel and add the start-up snapshot (buildlib/runtime.py).

    Returns the snapshot's path under dist/ (content-hashed, so a cached copy never outlives
    the runtime it belongs to).
    """
    from buildlib import runtime

    pyodide_dir = dist / PYODIDE_DIR
    made = runtime.prepare(pyodide_dir, pyodide_dir / NUMPY_WHEEL, CACHE, log)
    shutil.copyfile(made.wheel, pyodide_dir / NUMPY_WHEEL)
    write_lock_file(pyodide_dir)  # the lock's sha256 is now the repacked wheel's
    snapshot = f"py/python-{sha256_of(made.snapshot)[:12]}.snapshot"
    (dist / "py").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(made.snapshot, dist / snapshot)
    return snapshot


def build_inputs_digest() -> str:
    """Hash everything dist/ is made from, so `serve` can skip a build that changes nothing."""
    digest = hashlib.sha256()
    for base in (WEB, PYSRC / "nnviz", ROOT / "buildlib"):  # chapter prose, CSS and build steps are under pysrc
        for p in sorted(base.rglob("*")):
            if p.is_file() and "__pycache__" not in p.parts:
                digest.update(str(p.relative_to(ROOT)).encode())
                digest.update(p.read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()


def assemble(tmp: Path, vendored) -> tuple[str, str]:
    """Write the whole site into ``tmp``; return the Python bundle's and the snapshot's names."""
    for pkg, files in vendored:
        for member, src in files.items():
            dst = tmp / pkg.take[member]
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
    write_lock_file(tmp / PYODIDE_DIR)  # Pyodide reads it to start, also in buildlib/runtime.mjs
    snapshot = prepare_runtime(tmp)
    copy_web(tmp)
    __import__("buildlib.kernel").kernel.build(tmp, tmp / PYODIDE_DIR, fetch_npm(WABT), CACHE, log)
    build_data(tmp)
    bundle = write_python_bundle(tmp)
    render_index(tmp, bundle, snapshot)
    return bundle, snapshot


def build(force: bool = False) -> Path:
    """Assemble dist/ from web/, pysrc/ and the verified vendored runtime."""
    stamp = CACHE / f"{DIST.name}.build-stamp"
    digest = build_inputs_digest()
    if not force and stamp.exists() and stamp.read_text() == digest:
        log("dist/ is up to date")
        return DIST
    started = time.perf_counter()
    vendored = [(pkg, extract_npm(pkg)) for pkg in NPM_PACKAGES]
    tmp = DIST.with_name(f"{DIST.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        bundle, snapshot = assemble(tmp, vendored)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)  # a failed build leaves nothing half-made behind
        raise
    CACHE.mkdir(exist_ok=True)
    (CACHE / f"{DIST.name}.bundle-name").write_text(bundle)
    (CACHE / f"{DIST.name}.snapshot-name").write_text(snapshot)
    shutil.rmtree(DIST, ignore_errors=True)
    tmp.rename(DIST)
    stamp.write_text(digest)
    size = sum(p.stat().st_size for p in DIST.rglob("*") if p.is_file())
    log(f"built dist/ ({size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s")
    return DIST


# --------------------------------------------------------------------------------------------
# portable build: a folder that runs from file:// (USB stick, double-click)
# --------------------------------------------------------------------------------------------

PORTABLE = ROOT / "dist-portable"
# Loaded as classic <script> tags by Pyodide itself: copied as they are.
PORTABLE_AS_IS = ("pyodide.js", "pyodide.asm.js")


def portable() -> Path:
    """Write dist-portable/: dist/ with every fetched file embedded in a classic .js file.

    Browsers block ES modules and fetch() on file://, so this build skips PyScript and
    boots Pyodide from classic scripts; web/js/loader.js answers fetch() from the
    embedded copies (``nnvizFile(path, base64)``).
    """
    dist = build()
    started = time.perf_counter()
    bundle = (CACHE / f"{dist.name}.bundle-name").read_text()
    snapshot = (CACHE / f"{dist.name}.snapshot-name").read_text()
    tmp = PORTABLE.with_name(f"{PORTABLE.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    embedded = []
    for src in sorted(p for p in dist.rglob("*") if p.is_file()):
        rel = src.relative_to(dist).as_posix()
        if rel.startswith(PYSCRIPT_DIR) or rel in ("index.html", "embed-example.html", "embed.js") or rel.endswith(".mjs"):
            continue  # PyScript and ES modules cannot run from file://
        if rel.startswith(("css/", "js/")) or rel.endswith(PORTABLE_AS_IS):
            dst = tmp / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
            if rel.endswith(PORTABLE_AS_IS):  # loadPyodide skips its import when these exist
                embedded.append(f'  <script defer src="{rel}"></script>')
            continue
        wrapper = f"files/{rel.replace('/', '__')}.js"
        (tmp / "files").mkdir(parents=True, exist_ok=True)
        payload = base64.b64encode(src.read_bytes()).decode("ascii")
        (tmp / wrapper).write_text(f'nnvizFile("{rel}", "{payload}");\n')
        embedded.append(f'  <script defer src="{wrapper}"></script>')
    render_index(tmp, bundle, snapshot, loader="portable", embedded_scripts="\n".join(embedded))
    shutil.rmtree(PORTABLE, ignore_errors=True)
    tmp.rename(PORTABLE)
    size = sum(p.stat().st_size for p in PORTABLE.rglob("*") if p.is_file())
    log(f"built dist-portable/ ({size / 1e6:.1f} MB, {len(embedded)} embedded files) in {time.perf_counter() - started:.1f} s")
    log(f"open {PORTABLE / 'index.html'} by double-click, or copy the folder to a USB stick")
    return PORTABLE


# --------------------------------------------------------------------------------------------
# serving
# --------------------------------------------------------------------------------------------


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Serve a folder the way a static host does, with the MIME types the runtime needs."""

    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
        ".whl": "application/zip",
        ".zip": "application/zip",
    }

    prefix = "/"  # serve the folder under this URL path, as GitHub Pages does under /<repo>/

    def end_headers(self) -> None:
        # What GitHub Pages sends: any origin may read the files (a sandboxed iframe has the
        # origin "null", so its fetches are cross-origin), and browsers cache for 10 minutes.
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def translate_path(self, path: str) -> str:
        if self.prefix != "/":
            if not path.startswith(self.prefix):
                return str(Path(self.directory) / "__outside_the_prefix__")
            path = "/" + path[len(self.prefix) :]
        return super().translate_path(path)

    def log_message(self, format: str, *args) -> None:
        if os.environ.get("NNVIZ_HTTP_LOG"):
            super().log_message(format, *args)

    def handle(self) -> None:
        # the browser may close a connection mid-download (a cancelled request): not an error
        with contextlib.suppress(ConnectionResetError, BrokenPipeError):
            super().handle()


def make_server(directory: Path, host: str = "127.0.0.1", port: int = 8000, prefix: str = "/"):
    """Return a threading HTTP server for `directory` under URL path `prefix` (port 0: any free port)."""
    handler_cls = type("Handler", (StaticHandler,), {"prefix": prefix})
    handler = functools.partial(handler_cls, directory=str(directory))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def serve(port: int) -> None:
    build()
    try:
        server = make_server(DIST, port=port)
    except OSError as e:
        raise BuildError(f"cannot listen on 127.0.0.1:{port} ({e}). Try --port 8001.") from e
    print(f"\nnnviz is served at http://127.0.0.1:{port}/  (Ctrl+C to stop)\n", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("stopped")


# --------------------------------------------------------------------------------------------
# testing
# --------------------------------------------------------------------------------------------

CHROMIUM_CANDIDATES = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
)


def find_browser(variable: str, names: tuple[str, ...], paths: tuple[str, ...], missing: str) -> str:
    """Return the binary named by the environment ``variable``, else the first of ``names`` on
    PATH, else the first of ``paths`` that exists; raise with ``missing`` (how to get one)."""
    configured = os.environ.get(variable)
    if configured:
        if not Path(configured).exists():
            raise BuildError(f"{variable}={configured} does not exist.")
        return configured
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    for candidate in paths:
        if Path(candidate).exists():
            return candidate
    raise BuildError(missing)


def find_chromium() -> str:
    """Return the Chromium the e2e tests drive (NNVIZ_CHROMIUM overrides the search)."""
    return find_browser(
        "NNVIZ_CHROMIUM",
        ("chromium", "chromium-browser", "google-chrome"),
        CHROMIUM_CANDIDATES,
        "no Chromium found for the end-to-end tests.\n"
        "  Debian/Ubuntu:  sudo apt-get install chromium\n"
        "  macOS:          brew install --cask chromium\n"
        "  or point NNVIZ_CHROMIUM at any Chromium/Chrome binary (e.g. Playwright's own build).",
    )


def find_firefox() -> str:
    """Return the Firefox the portable-build test drives (NNVIZ_FIREFOX overrides the search)."""
    return find_browser(
        "NNVIZ_FIREFOX",
        ("firefox-esr", "firefox"),
        (),
        "no Firefox found for the offline (file://) test.\n"
        "  Debian/Ubuntu:  sudo apt-get install firefox-esr\n"
        "  or point NNVIZ_FIREFOX at a Firefox binary.",
    )


def find_webkit() -> tuple[dict[str, str], str]:
    """Return ({"NNVIZ_WEBKIT_DRIVER": path, "NNVIZ_XVFB": path}, "") for the WebKit run (those
    variables also override the search), or ({}, why not) when either is missing."""
    try:
        return {
            "NNVIZ_WEBKIT_DRIVER": find_browser(
                "NNVIZ_WEBKIT_DRIVER", ("WebKitWebDriver",), ("/usr/libexec/webkit2gtk-4.1/WebKitWebDriver",),
                "no WebKitWebDriver found (Debian/Ubuntu: sudo apt-get install webkit2gtk-driver).",
            ),
            "NNVIZ_XVFB": find_browser(
                "NNVIZ_XVFB", ("Xvfb",), (), "no Xvfb found (Debian/Ubuntu: sudo apt-get install xvfb)."
            ),
        }, ""
    except BuildError as e:
        return {}, str(e.code).replace("build.py: error:", "").strip()


def ensure_firefox_driver() -> None:
    """Install tests/firefox's pinned puppeteer-core (package-lock.json has its hashes)."""
    folder = ROOT / "tests" / "firefox"
    stamp = folder / "node_modules" / ".lock-sha256"
    wanted = sha256_of(folder / "package-lock.json")
    if stamp.exists() and stamp.read_text() == wanted:
        return
    npm = require_npm()
    log("installing the Firefox driver (npm ci, pinned by tests/firefox/package-lock.json)")
    result = subprocess.run([npm, "ci", "--silent", "--no-audit", "--no-fund"], cwd=folder)
    if result.returncode != 0:
        raise BuildError("`npm ci` in tests/firefox failed (see npm's message above).")
    stamp.write_text(wanted)


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_venv() -> Path:
    """Create .venv and install requirements-dev.txt (hash-checked) once per change of it."""
    requirements = ROOT / "requirements-dev.txt"
    stamp = VENV / ".requirements-sha256"
    wanted = sha256_of(requirements)
    if venv_python().exists() and stamp.exists() and stamp.read_text() == wanted:
        return venv_python()
    log("creating .venv and installing the test tools (pinned, hash-checked)")
    if not venv_python().exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    result = subprocess.run(
        [str(venv_python()), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "--require-hashes", "-r", str(requirements)],
    )
    if result.returncode != 0:
        raise BuildError("installing requirements-dev.txt into .venv failed (see pip's message above).")
    stamp.write_text(wanted)
    return venv_python()


def test(pytest_args: list[str]) -> int:
    python = ensure_venv()
    chromium = find_chromium()
    firefox = find_firefox()
    ensure_firefox_driver()
    axe = extract_npm(AXE)["package/axe.min.js"]
    build()
    portable()
    webkit, webkit_missing = find_webkit()
    env = {**os.environ, **webkit, "NNVIZ_CHROMIUM": chromium, "NNVIZ_FIREFOX": firefox, "NNVIZ_AXE": str(axe),
           "PYTHONDONTWRITEBYTECODE": "1"}
    log("ruff check")
    lint = subprocess.run([str(python), "-m", "ruff", "check", "pysrc", "tests", "bench", "buildlib", "build.py"], cwd=ROOT)
    if lint.returncode != 0:
        return lint.returncode
    if webkit_missing:  # the rest of the suite still runs; the reason is printed, not hidden
        log(f"WebKit SKIPPED (tests/webkit not run): {webkit_missing}")
        pytest_args = ["--ignore=tests/webkit", *pytest_args]
    log(f"pytest (Chromium: {chromium}; WebKit: {webkit.get('NNVIZ_WEBKIT_DRIVER', 'skipped')})")
    return subprocess.run([str(python), "-m", "pytest", *pytest_args], cwd=ROOT, env=env).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="vendor the runtime and assemble dist/")
    b.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    s = sub.add_parser("serve", help="build if needed and serve dist/ on localhost")
    s.add_argument("--port", type=int, default=8000)
    sub.add_parser("portable", help="build dist-portable/, which runs from file:// (USB stick)")
    sub.add_parser("test", help="install test tools, build, run the whole suite (extra arguments go to pytest)")
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "test":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command == "build":
        build(force=args.force)
        return 0
    if args.command == "portable":
        portable()
        return 0
    if args.command == "serve":
        serve(args.port)
        return 0
    if args.command == "test":
        return test(extra)
    return 2


if __name__ == "__main__":
    sys.exit(main())
