// Clicking "▶ Simulate" above mmu_notifier_invalidate_range_start(&range) opens the
// timeline panel, which hand-shakes and draws the simulation result.
import type { Check } from '../check';
import { RENDERED_LINE } from '../../harness/hostLog';
import { E2E_CALL_TEXT, SIMULATE_LENS } from '../../shared/expectedLenses';
import { goToLine, lensAbove, webviewFrame } from '../workbench';
import { LENSES } from './openKernelFile';

export const PANEL = `clicking "${SIMULATE_LENS.titlePrefix}" above ${E2E_CALL_TEXT} opens the "MMU Notifier Lens: …" panel`;
export const READY = 'the timeline page hand-shakes (body[data-ready="1"])';
export const RENDERED = 'the timeline draws the result (body[data-rendered="1"], canvas#timeline not blank)';
export const RENDER_HOOK =
  'the extension host hears "rendered" from the page (its log: "timeline rendered: …")';

/** The bits of a canvas element the pixel check uses (the node-side tsconfig has no DOM lib). */
interface CanvasLike {
  width: number;
  height: number;
  getContext(
    kind: '2d',
  ): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
}

export const simulateFromLensChecks: Check[] = [
  {
    name: PANEL,
    requires: [LENSES],
    async run({ page, state, log }) {
      const line = state.get('targetLine') as number;
      await goToLine(page, line);
      const lens = await lensAbove(page, line, SIMULATE_LENS.titlePrefix);
      await lens.click();
      const tab = page.locator('.tabs-container .tab', { hasText: /MMU Notifier Lens: / }).first();
      await tab.waitFor({ state: 'visible', timeout: 30_000 });
      log(`panel tab: "${((await tab.textContent()) ?? '').trim()}"`);
      await page.locator('iframe.webview.ready').first().waitFor({ state: 'attached', timeout: 30_000 });
    },
  },
  {
    name: READY,
    requires: [PANEL],
    async run({ page }) {
      await webviewFrame(page)
        .locator('body[data-ready="1"]')
        .waitFor({ state: 'attached', timeout: 30_000 });
    },
  },
  {
    name: RENDERED,
    requires: [READY],
    timeoutMs: 120_000,
    async run({ page, screenshot, artifacts, log }) {
      const frame = webviewFrame(page);
      await frame.locator('body[data-rendered="1"]').waitFor({ state: 'attached', timeout: 110_000 });
      const canvas = frame.locator('canvas#timeline');
      await canvas.waitFor({ state: 'visible', timeout: 5_000 });
      const info = await canvas.evaluate((el) => {
        const c = el as unknown as CanvasLike;
        const g = c.getContext('2d');
        if (!g || !c.width || !c.height) return { w: c.width, h: c.height, colours: 0 };
        const d = g.getImageData(0, 0, c.width, c.height).data;
        const seen = new Set<number>();
        // Sample a grid of pixels: a drawn timeline has several colours.
        const step = Math.max(1, Math.floor((c.width * c.height) / 20_000));
        for (let p = 0; p < c.width * c.height && seen.size < 64; p += step) {
          seen.add((d[p * 4] << 24) | (d[p * 4 + 1] << 16) | (d[p * 4 + 2] << 8) | d[p * 4 + 3]);
        }
        return { w: c.width, h: c.height, colours: seen.size };
      });
      log(`canvas ${info.w}x${info.h}, ${info.colours} colours sampled`);
      if (info.colours < 3) throw new Error(`canvas#timeline looks blank (${JSON.stringify(info)})`);
      await page.waitForTimeout(300);
      log(`screenshot ${await screenshot('4-timeline-panel')}`);
      const canvasShot = `${artifacts}/5-timeline-canvas.png`;
      await canvas.screenshot({ path: canvasShot });
      log(`screenshot ${canvasShot}`);
    },
  },
  {
    name: RENDER_HOOK,
    requires: [PANEL],
    async run({ hostLog, log }) {
      const m = await hostLog.waitFor(RENDERED_LINE, 30_000);
      log(`host log: ${m[0]}`);
      const [lanes, bands, events] = [m[1], m[2], m[3]].map(Number);
      if (lanes === 0 || events === 0) throw new Error(`the page reports an empty drawing: ${m[0]}`);
      log(`${lanes} lanes, ${bands} bands, ${events} events`);
    },
  },
];
