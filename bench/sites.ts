// Benchmarks of the kernel-source analysis (printed, never pass/fail):
// - the CodeLens path on mm/memory.c: a cold scan, then the median of cached lookups;
// - all of Linux 6.12 through the `sites` code path, and ripgrep over the same tree in the
//   same run, with the ratio.
// Trees come from scripts/kernel-trees.sh (the same default folder as the tests).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NOTIFIER_CALLEES, SiteCache } from '../src/core/source';
import { scanPathSites, bundledPrefilterWorkers, defaultWorkerCount } from '../src/core/source/node';
import { kernelTree } from '../test/unit/kernelTrees';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number): number => Number(x.toPrecision(3));

export async function benchSites(): Promise<Record<string, number>> {
  const root = kernelTree('6.12');
  if (!root) {
    console.log('sites bench: Linux 6.12 tree not unpacked (bash scripts/kernel-trees.sh); skipped');
    return {};
  }
  const text = readFileSync(join(root, 'mm/memory.c'), 'utf8');
  const cache = new SiteCache();
  const uri = 'file:///linux-6.12/mm/memory.c';
  let t = performance.now();
  const cold = cache.get(uri, 1, text);
  const coldMs = performance.now() - t;
  const warm: number[] = [];
  for (let i = 0; i < 200; i++) {
    t = performance.now();
    cache.get(uri, 1, text);
    warm.push(performance.now() - t);
  }
  // One thread, then the CLI's way (prefilter workers beside the scanning thread: dist/bench/.. holds
  // dist/sitePrefilterWorker.js when the bench is built with `node esbuild.mjs --bench`).
  t = performance.now();
  const oneThread = await scanPathSites(root);
  const oneThreadMs = performance.now() - t;
  const prefilter = bundledPrefilterWorkers(join(__dirname, '..'));
  t = performance.now();
  const tree = await scanPathSites(root, undefined, { prefilter });
  const treeMs = performance.now() - t;
  if (tree.sites.length !== oneThread.sites.length)
    console.log('sites bench: the threaded scan found other sites!');
  const pattern = `\\b(${[...NOTIFIER_CALLEES].join('|')})\\s*\\(|struct\\s+mmu(_interval)?_notifier_ops`;
  t = performance.now();
  let rgLines = 0;
  try {
    rgLines = execFileSync('rg', ['-n', '--no-heading', '-g', '*.[ch]', '-e', pattern, '.'], {
      cwd: root,
      maxBuffer: 1 << 28,
    })
      .toString()
      .split('\n')
      .filter(Boolean).length;
  } catch {
    console.log('sites bench: rg failed or is not installed');
  }
  const rgMs = performance.now() - t;
  // And the cheapest rg over the same files: which files hold a marker at all (our pre-filter).
  t = performance.now();
  try {
    execFileSync('rg', ['-l', '-g', '*.[ch]', '-e', 'mmu_notifier|mmu_interval', '.'], {
      cwd: root,
      maxBuffer: 1 << 26,
    });
  } catch {
    // rg exits 1 when nothing matches; a missing rg was reported above
  }
  const rgLiteralMs = performance.now() - t;
  console.log(
    `sites: mm/memory.c ${cold.sites.length} sites, CodeLens path cold ${coldMs.toFixed(2)} ms, warm median ${median(warm).toFixed(4)} ms`,
  );
  console.log(
    `sites: Linux 6.12: ${tree.sites.length} sites in ${tree.filesLexed} lexed of ${tree.filesRead} files in ${treeMs.toFixed(0)} ms; ` +
      `rg for the sites (${rgLines} matching lines) ${rgMs.toFixed(0)} ms: sites/rg = ${(treeMs / rgMs).toFixed(2)}x; ` +
      `rg -l for the markers ${rgLiteralMs.toFixed(0)} ms: sites/rg-l = ${(treeMs / rgLiteralMs).toFixed(2)}x; ` +
      `one thread ${oneThreadMs.toFixed(0)} ms (${prefilter ? `${defaultWorkerCount()} prefilter workers beside it: ` : 'no worker bundle: '}` +
      `one/threaded = ${(oneThreadMs / treeMs).toFixed(2)}x)`,
  );
  return {
    lens_memory_c_cold_ms: round(coldMs),
    lens_memory_c_warm_ms: round(median(warm)),
    sites_linux612_ms: Math.round(treeMs),
    sites_linux612_one_thread_ms: Math.round(oneThreadMs),
    rg_linux612_ms: Math.round(rgMs),
    rg_linux612_markers_ms: Math.round(rgLiteralMs),
  };
}
