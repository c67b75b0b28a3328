// Build script: one esbuild context per bundle.
//   node esbuild.mjs               development build (sourcemaps)
//   node esbuild.mjs --production  minified, no sourcemaps (what the VSIX ships)
//   node esbuild.mjs --watch       rebuild on change
//   node esbuild.mjs --tests       also the integration-test bundles (dist/test/**)
//   node esbuild.mjs --bench       also the benchmark bundles (dist/bench/**)
import * as esbuild from 'esbuild';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');

const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
};

const entries = [
  { ...node, entryPoints: { extension: 'src/extension/extension.ts', cli: 'src/cli/main.ts', simulationWorker: 'src/extension/simulationWorker.ts', traceImportWorker: 'src/extension/traceImportWorker.ts', seriesWorker: 'src/extension/seriesWorker.ts', sitePrefilterWorker: 'src/core/source/sitePrefilterWorker.ts' }, outdir: 'dist' },
  {
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome114',
    // webviewTestProbe: the page's test probe, its own bundle; only test runs load it (not in the VSIX).
    entryPoints: { webview: 'src/webview/main.ts', webviewTestProbe: 'src/webview/testProbe.ts' },
    outdir: 'dist',
    minify: production,
    sourcemap: production ? false : 'linked',
    logLevel: 'warning',
  },
];

/** Every *.ts under dir (recursively), as esbuild entry points keyed by their path without extension. */
function tsEntries(dir, prefix) {
  const out = {};
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) Object.assign(out, tsEntries(p, `${prefix}/${e.name}`));
    else if (e.name.endsWith('.ts')) out[`${prefix}/${e.name.slice(0, -3)}`] = p;
  }
  return out;
}

if (args.has('--tests')) {
  entries.push({ ...node, external: ['vscode', 'mocha', 'playwright-core'], entryPoints: tsEntries('test/integration', 'test/integration'), outdir: 'dist' });
}
if (args.has('--bench')) {
  entries.push({ ...node, external: ['vscode', 'playwright-core'], entryPoints: tsEntries('bench', 'bench'), outdir: 'dist' });
}

const contexts = await Promise.all(entries.filter((e) => Object.keys(e.entryPoints).length).map((e) => esbuild.context(e)));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[esbuild] watching…');
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
