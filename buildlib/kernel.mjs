// Build-time helper for buildlib/kernel.py: assemble a WAT file with wabt (its npm build, run
// in Node; pinned and hash-checked by build.py).
//
//   node buildlib/kernel.mjs <wabt index.js> <in.wat> <out.wasm>
//
// Exits non-zero with wabt's message on stderr when the text does not parse or validate.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const [wabtPath, watPath, outPath] = process.argv.slice(2);
if (!wabtPath || !watPath || !outPath) {
  console.error("usage: node kernel.mjs <wabt index.js> <in.wat> <out.wasm>");
  process.exit(2);
}
const wabt = await createRequire(import.meta.url)(path.resolve(wabtPath))();
const features = { simd: true };  // SIMD128 only: no relaxed SIMD, threads or multi-memory
let module;
try {
  module = wabt.parseWat(watPath, fs.readFileSync(watPath, "utf8"), features);
  module.resolveNames();
  module.validate(features);
  fs.writeFileSync(outPath, module.toBinary({ log: false, write_debug_names: false }).buffer);
} catch (e) {
  console.error(String(e && e.message ? e.message : e));
  process.exit(1);
} finally {
  if (module) module.destroy();
}
