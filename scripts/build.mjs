#!/usr/bin/env node
// Builds dist/ with esbuild: one minified ESM bundle per entry point — the CLI (dist/cli/main.js)
// and each simulated lab tool (dist/lab/tools/<name>.js, exec'd by the lab's wrappers) — whose
// lazily imported parts (each command, the engine, ssh2...) are split into shared chunks in
// dist/chunks/, loaded only when a command needs them. Type checking is `tsc --noEmit` (npm run
// typecheck, and before this in npm run build).
//
// ssh2 is bundled except its optional native parts (the sshcrypto binding and cpu-features), which
// stay in node_modules and are required from there at run time, as ssh2 itself would. s3rver (the
// lab's S3 stand-in, a runtime dependency of `opsctl lab up`) stays a package: only the lab's
// services process loads it.
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const tools = readdirSync(join(root, 'src/lab/tools')).filter((f) => f.endsWith('.ts'));

// ssh2 requires its binding by a path relative to its own file; in a bundle that path would be
// relative to the chunk, so it is rewritten to the package path Node resolves from node_modules.
const nativeParts = {
  name: 'ssh2-native-external',
  setup(b) {
    b.onResolve({ filter: /\.node$/ }, (args) => {
      if (!args.importer.includes(`${join('node_modules', 'ssh2')}`)) return undefined;
      const inPackage = join(args.resolveDir, args.path).split(`${join('node_modules')}/`).pop();
      return { path: inPackage, external: true };
    });
    b.onResolve({ filter: /^cpu-features$/ }, () => ({ path: 'cpu-features', external: true }));
  },
};

rmSync(dist, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: ['src/cli/main.ts', ...tools.map((t) => `src/lab/tools/${t}`)],
  outbase: 'src',
  outdir: 'dist',
  // Chunks sit two levels below the package root, like dist/cli/main.js, so the modules in them
  // that find files relative to themselves (runbooks/, package.json, dist/lab/tools/) still do.
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  // Error classes name themselves after their class (`new.target.name`); journals record it, and
  // stack traces in the debug log stay readable without source maps.
  keepNames: true,
  legalComments: 'eof',
  plugins: [nativeParts],
  external: ['s3rver'],
  // CommonJS packages inside the ESM bundle (ssh2, commander...) call require() for Node built-ins,
  // and ssh2's poly1305 fallback reads __dirname/__filename.
  banner: {
    js: [
      "import{createRequire as __opsctlRequire}from'node:module';",
      "import{fileURLToPath as __opsctlPath}from'node:url';",
      'const require=__opsctlRequire(import.meta.url);',
      'const __filename=__opsctlPath(import.meta.url);',
      "const __dirname=__filename.slice(0,__filename.lastIndexOf('/'));",
    ].join(''),
  },
  logLevel: 'warning',
  metafile: true,
});

// The bundle may reach outside itself only for Node built-ins and ssh2's native parts: anything
// else would be a package the shipped dist/ cannot count on finding.
const allowed = (path) => path.startsWith('node:') || isBuiltin(path) || path === 'cpu-features' || path.startsWith('ssh2/') || path === 's3rver';
const stray = Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external && !allowed(i.path)).map((i) => i.path));
if (stray.length) {
  console.error(`build: the bundle imports packages at run time: ${[...new Set(stray)].join(', ')}`);
  process.exit(1);
}

// The built-in catalogue as `opsctl runbooks` lists it, keyed by each file's sha256
// (src/runbook/catalog-index.ts): computed by bundling the catalogue code for this one call.
const indexer = join(dist, '.catalog-indexer.mjs');
await build({
  absWorkingDir: root,
  stdin: { contents: "export { listBuiltinRunbooks } from './src/runbook/catalog.ts'; export { sha256Of } from './src/runbook/catalog-index.ts';", resolveDir: root, loader: 'ts' },
  bundle: true,
  packages: 'external',
  format: 'esm',
  platform: 'node',
  outfile: indexer,
  logLevel: 'warning',
});
const { listBuiltinRunbooks, sha256Of } = await import(pathToFileURL(indexer).href);
rmSync(indexer);
const catalogue = {};
for (const { file, ...entry } of listBuiltinRunbooks(join(root, 'runbooks'))) {
  catalogue[basename(file)] = { sha256: sha256Of(readFileSync(file)), entry };
}
writeFileSync(join(dist, 'runbooks-index.json'), JSON.stringify(catalogue));

// Which packages went into which file, for the benchmarks' load tracing (not shipped).
writeFileSync(join(root, 'node_modules', '.opsctl-build-meta.json'), JSON.stringify(result.metafile));

const bytes = Object.entries(result.metafile.outputs).filter(([f]) => f.endsWith('.js'));
const total = bytes.reduce((n, [, o]) => n + o.bytes, 0);
// On stderr: `npm pack --json` (prepack builds) keeps stdout for its JSON.
console.error(`dist/: ${bytes.length} files, ${(total / 1024).toFixed(0)} KiB (cli/main.js ${(result.metafile.outputs['dist/cli/main.js'].bytes / 1024).toFixed(0)} KiB, ${tools.length} lab tools)`);
