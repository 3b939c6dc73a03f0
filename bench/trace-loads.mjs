// Preload for `node --import ./bench/trace-loads.mjs ...`: records which modules a command loads.
//  - ESM: a `resolve` hook registered with module.register() (Node >= 20.6) logs every resolution.
//  - CommonJS: require() inside CJS packages bypasses the ESM hooks on Node 20, so at exit we also
//    dump the CommonJS cache (Module._cache), which every CJS module loaded by any path ends up in.
// Output file: $OPSCTL_BENCH_TRACE_FILE.
import { register, createRequire } from 'node:module';
import { appendFileSync } from 'node:fs';

const file = process.env.OPSCTL_BENCH_TRACE_FILE;
if (file) {
  register('./trace-hooks.mjs', import.meta.url, { data: { file } });
  const Module = createRequire(import.meta.url)('node:module');
  process.on('exit', () => {
    const keys = Object.keys(Module._cache ?? {});
    if (keys.length) appendFileSync(file, keys.map((k) => `cjs ${k}\n`).join(''));
  });
}
