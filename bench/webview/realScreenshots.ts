// Screenshots of the timeline drawing what the simulation core really produces (not the
// synthetic run): a preset simulated on two variants, compared, at 1400×900 and 600 wide.
//   npx tsx bench/webview/realScreenshots.ts [preset] [variant…]
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TimelineRun } from '../../src/protocol/messages';
import { loadPreset, simulate } from '../../src/core/sim';
import { startSession } from './pageServer';

declare const mnlBench: { use(run: TimelineRun): number; load(): Promise<{ firstPaintMs: number }> };

const OUT = resolve(__dirname, '../../.artifacts/webview');

async function main(): Promise<void> {
  const [preset = 'vfio-boot', ...variants] = process.argv.slice(2);
  const vs = variants.length ? variants : ['v6.12', 'rfc-v2'];
  const sc = loadPreset(preset);
  const run: TimelineRun = {
    title: `${preset}: ${vs.join(' vs ')}`,
    scenario: preset,
    site: {
      file: 'mm/mprotect.c',
      line: 449,
      fn: 'change_pud_range',
      callee: 'mmu_notifier_invalidate_range_start',
    },
    results: vs.map((v) => simulate(sc, v)),
  };
  mkdirSync(OUT, { recursive: true });
  const s = await startSession();
  try {
    for (const [w, h, theme] of [
      [1400, 900, 'vscode-dark'],
      [1400, 900, 'vscode-light'],
      [700, 900, 'vscode-dark'],
      [700, 900, 'vscode-light'],
      [600, 900, 'vscode-dark'],
    ] as const) {
      const page = await s.open(w, h, theme);
      await page.evaluate((r) => mnlBench.use(r), JSON.parse(JSON.stringify(run)) as TimelineRun);
      const r = await page.evaluate(() => mnlBench.load());
      const suffix = theme === 'vscode-dark' ? '' : `-${theme.replace('vscode-', '')}`;
      const path = join(OUT, `real-${preset}-${w}${suffix}.png`);
      await page.screenshot({ path, fullPage: true });
      console.log(path, `${Math.round(r.firstPaintMs)} ms`);
      await page.close();
    }
  } finally {
    await s.close();
  }
}

void main();
