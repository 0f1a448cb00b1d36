"""Bundle the code lab's editor at build time: CodeMirror 6 + editor.mjs -> one classic script.

The chapter declares this module as its build step (``build_step`` in the registry); build.py
calls ``build(dist=…, cache=…, log=…, npm_files=…)``, which writes into dist/data/:

  codemirror-<hash>.js   one IIFE script (no ES modules: it must run from file:// too) that
                         defines ``window.nnvizEditor`` (see editor.mjs); about 380 KB, ending
                         with the bundled packages' licence texts
  codelab.json           {"editor": "codemirror-<hash>.js", "versions": {...}}: its fixed name
                         is how the chapter finds the hashed file

The page fetches the script like any data file (so the portable build embeds it) and runs it
by putting its text into a ``<script>`` element: no module loader, no ``src`` outside data/.

How: every npm package below is pinned to an exact version and its tarball's sha256;
build.py's ``npm_files`` fetches, verifies and extracts the named members. ``bundle.mjs`` runs
esbuild-wasm (pure WebAssembly, the same on every platform) in the Node the build already
needs, and resolves every import through the table of verified files (nothing else is read).
The result is cached in ``cache/codelab-<key>/`` keyed on the pins and the two .mjs sources.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
MANIFEST = "codelab.json"

# (name, version, sha256 of the tarball, the ES module entry inside it)
EDITOR_PACKAGES = (
    ("@codemirror/state", "6.7.6", "91d75acc955ceeaf86af9396c11cda7694fe6222aac8427fa033d89eff5ac839", "dist/index.js"),
    ("@codemirror/view", "6.43.15", "f0d5921406f841d211fa0887aabf10626c47676bfc63a4abed2a4d207e27c5ac", "dist/index.js"),
    ("@codemirror/language", "6.13.1", "e711ec28da046f6c163e777c5466d8ac805ee9ef5f51c511e8729c6789be7f83", "dist/index.js"),
    ("@codemirror/commands", "6.11.1", "f477f46d8c00278e1b387baebd53bd6556fd5f3c7401ebe2a05543600fcbff0f", "dist/index.js"),
    ("@codemirror/lang-python", "6.2.1", "022a075ece066c3015dce4fbddd4d8b6f597679e756d50e697ec16cd3e5b59ca", "dist/index.js"),
    ("@codemirror/autocomplete", "6.20.4", "40b9657b137284426bcd829cdee7dc78a748337de997a12b10b5c725f67aa0d0", "dist/index.js"),
    ("@codemirror/streamparser", "6.0.0", "b4888c5ab40350e7a1747d765948a8fa45cfd127c479dd4cdef8097046efe14a", "dist/index.js"),
    ("@lezer/common", "1.5.5", "ed93cee36403124f51eae638b8a032d6694914c19704de7610db7f2a9441c963", "dist/index.js"),
    ("@lezer/highlight", "1.2.5", "e349eec1ff4382439c1e6286ae937e0203a8349c5192e2e133863391775ac7ff", "dist/index.js"),
    ("@lezer/lr", "1.4.12", "64382ee7f144221e4c655f2034393c6be9cecaf5ea2ec1c1edeb99424defb272", "dist/index.js"),
    ("@lezer/python", "1.1.19", "0e00a32717366099c01b38a19ceb73315cd1dd9b335d98b49fea50ab7c5c2a98", "dist/index.js"),
    ("@marijn/find-cluster-break", "1.0.4", "5d12b770b64d46632c84fcd18e1d4c09f195ed0f5dbc71f94a41f0af333eaeae", "src/index.js"),
    ("style-mod", "4.1.5", "c4a44844213a141da55c51a2f81d701acdb9944465328b4a2a6b9626c6d9fc39", "src/style-mod.js"),
    ("w3c-keyname", "2.2.8", "05d21484026d1f2dd842c843181e391e66d60f1d5dff292d562c3f40302dab36", "index.js"),
    ("crelt", "1.0.7", "3542299c0278fdc26aceb2b13d31bffbcb89d7367706bbc457130e3fd103c03e", "index.js"),
)
# The bundler (MIT), build-time only: nothing of it is shipped.
ESBUILD = {
    "name": "esbuild-wasm",
    "version": "0.28.2",
    "sha256": "61594de12ce998652be2aa0ab72dda54bfa49407fb37ee3464468a2aac306baa",
    "members": ["package/lib/browser.js", "package/esbuild.wasm"],
}


def _key() -> str:
    digest = hashlib.sha256(json.dumps([EDITOR_PACKAGES, ESBUILD]).encode())
    for name in ("editor.mjs", "bundle.mjs"):
        digest.update((HERE / name).read_bytes())
    return digest.hexdigest()[:16]


def _licences(npm_files) -> str:
    """The bundled packages' licence texts (all MIT), as one comment for the end of the script."""
    texts: dict[str, list[str]] = {}
    for name, version, sha, _ in EDITOR_PACKAGES:
        (path,) = npm_files({"name": name, "version": version, "sha256": sha, "members": ["package/LICENSE"]})
        texts.setdefault(path.read_text(encoding="utf-8").strip().replace("*/", "* /"), []).append(f"{name}@{version}")
    parts = [f"{', '.join(names)}:\n\n{text}" for text, names in texts.items()]
    return "\n/*! The code lab's editor bundles these packages, under these licences.\n\n" + "\n\n".join(parts) + "\n*/\n"


def build(dist: Path, cache: Path, log, npm_files) -> None:
    """Write dist/data/codemirror-<hash>.js and dist/data/codelab.json (see module doc)."""
    done = cache / f"codelab-{_key()}" / "editor.js"
    if not done.exists():
        modules = {}
        for name, version, sha, entry in EDITOR_PACKAGES:
            (path,) = npm_files({"name": name, "version": version, "sha256": sha, "members": [f"package/{entry}"]})
            modules[name] = str(path)
        browser_js, wasm = npm_files(ESBUILD)
        done.parent.mkdir(parents=True, exist_ok=True)
        tmp = done.with_suffix(".tmp")
        job = done.parent / "job.json"
        job.write_text(json.dumps({"esbuild": str(browser_js), "wasm": str(wasm), "entry": str(HERE / "editor.mjs"),
                                   "out": str(tmp), "modules": modules}))
        node = shutil.which("node")
        if not node:
            raise SystemExit("\nbuild.py: error: Node.js was not found; the code lab's editor is bundled with it.\n")
        log("code lab: bundling the editor (CodeMirror 6, esbuild-wasm)")
        result = subprocess.run([node, str(HERE / "bundle.mjs"), str(job)], capture_output=True, text=True, timeout=900)
        if result.returncode != 0 or not tmp.exists():
            raise SystemExit(f"\nbuild.py: error: bundling the code lab's editor failed:\n{result.stderr.strip()}\n")
        tmp.rename(done)
    data = done.read_bytes() + _licences(npm_files).encode("utf-8")
    name = f"codemirror-{hashlib.sha256(data).hexdigest()[:12]}.js"
    out = dist / "data"
    out.mkdir(parents=True, exist_ok=True)
    (out / name).write_bytes(data)
    versions = {n: v for n, v, _, _ in EDITOR_PACKAGES}
    (out / MANIFEST).write_text(json.dumps({"editor": name, "versions": versions}, indent=1, sort_keys=True))
