// Bundle the code lab's editor (editor.mjs + CodeMirror 6) into one classic IIFE script, with
// esbuild-wasm running in this Node process (build time only; build_data.py calls it):
//
//   node bundle.mjs <job.json>
//   job.json: {"esbuild": ".../browser.js", "wasm": ".../esbuild.wasm", "entry": ".../editor.mjs",
//              "out": ".../editor.js", "modules": {"@codemirror/view": ".../index.js", …}}
//
// Every import is resolved through "modules" (the verified files build.py extracted): nothing
// is looked up on disk by name, so no other package can slip in. esbuild's browser build runs
// in-process (worker: false); its Node build talks to a child process whose replies never came
// back under Node 20 here (the output was written, the call never returned).

import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const job = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
globalThis.self = globalThis; // esbuild's browser build expects a worker-like global
const esbuild = createRequire(import.meta.url)(job.esbuild);

const vendored = {
  name: "vendored",
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === "entry-point") return { path: job.entry, namespace: "v" };
      if (args.path.startsWith(".")) return { path: path.resolve(args.resolveDir, args.path), namespace: "v" };
      const file = job.modules[args.path];
      if (!file) return { errors: [{ text: `not a vendored module: ${args.path}` }] };
      return { path: file, namespace: "v" };
    });
    build.onLoad({ filter: /.*/, namespace: "v" }, (args) => ({
      contents: fs.readFileSync(args.path, "utf8"), loader: "js", resolveDir: path.dirname(args.path),
    }));
  },
};

await esbuild.initialize({ wasmModule: new WebAssembly.Module(fs.readFileSync(job.wasm)), worker: false });
const result = await esbuild.build({
  entryPoints: [job.entry], bundle: true, format: "iife", minify: true, target: "es2019",
  write: false, legalComments: "eof", charset: "utf8", plugins: [vendored],
});
fs.writeFileSync(job.out, result.outputFiles[0].contents);
process.exit(0);
