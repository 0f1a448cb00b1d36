// Build-time helper for buildlib/runtime.py: runs Pyodide's own interpreter in Node.
//
//   node buildlib/runtime.mjs <pyodide dir> <snapshot out> <imports> <dir to compile>...
//
// 1. Boots Pyodide, imports <imports> (comma-separated stdlib modules) and writes a memory
//    snapshot of the interpreter to <snapshot out> (the browser restores it instead of
//    starting Python from scratch).
// 2. Then compiles every .py under each <dir to compile> to a PEP 552 unchecked-hash .pyc in
//    __pycache__/, with the very CPython that runs in the browser (same version, same magic).
// Exits non-zero with a message on stderr when anything fails.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, snapshotOut, imports, ...compileDirs] = process.argv.slice(2);
if (!pyodideDir || !snapshotOut || imports === undefined) {
  console.error("usage: node runtime.mjs <pyodide dir> <snapshot out> <imports> <dir to compile>...");
  process.exit(2);
}
const indexURL = path.resolve(pyodideDir) + path.sep;
const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);
const quiet = () => {};
const py = await loadPyodide({ indexURL, _makeSnapshot: true, stdout: quiet, stderr: (s) => console.error(s) });

const modules = imports.split(",").map((m) => m.trim()).filter(Boolean);
for (const name of modules) {
  if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name)) throw new Error(`not a module name: ${name}`);
}
if (modules.length) py.runPython(`import ${modules.join(", ")}`);
fs.writeFileSync(snapshotOut, py.makeMemorySnapshot());

compileDirs.forEach((dir, i) => {
  const mount = `/compile/${i}`;
  py.FS.mkdirTree(mount);
  py.mountNodeFS(mount, path.resolve(dir));
  const ok = py.runPython(`
import compileall, py_compile
compileall.compile_dir(${JSON.stringify(mount)}, quiet=1, workers=1,
                       invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
`);
  if (!ok) {
    console.error(`could not compile every file under ${dir}`);
    process.exit(1);
  }
});
