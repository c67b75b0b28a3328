// "Detail this window" in a real browser: loads the core's aggregated vfio-boot run (v6.1 vs
// rfc-v2) into the bundled page, zooms to 12.0–12.5 s, clicks the button, answers the page's
// requestDetail the way the host does (the core re-simulates the window in node), then Reset;
// also "d" with a detailError answer. Prints what held; PNGs in .artifacts/webview/detail-*.png.
//   npx tsx bench/webview/detailScreenshots.ts
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { loadPreset, simulate } from '../../src/core/sim';
import type { HostToWebview, TimelineRun, WebviewToHost } from '../../src/protocol/messages';
import { startSession } from './pageServer';

interface PageWindow {
  mnlMessages: WebviewToHost[];
  mnlCspViolations: string[];
  mnlBench: { use(r: TimelineRun): number; load(): Promise<unknown>; send(m: HostToWebview): void };
  mnlTimeline: {
    view: { start: number; end: number };
    model?: { t0: number; t1: number; groups: { title: string }[]; totals: { events: number } };
    setView(w: { start: number; end: number }): void;
  };
}

const OUT = resolve(__dirname, '../../.artifacts/webview');
const VARIANTS = ['v6.1', 'rfc-v2'];

const messages = (page: Page): Promise<WebviewToHost[]> =>
  page.evaluate(() => (window as unknown as PageWindow).mnlMessages);
const send = (page: Page, m: HostToWebview): Promise<void> =>
  page.evaluate((msg) => (window as unknown as PageWindow).mnlBench.send(msg), m);
const modelInfo = (page: Page): Promise<{ t0: number; t1: number; titles: string[]; events: number }> =>
  page.evaluate(() => {
    const m = (window as unknown as PageWindow).mnlTimeline.model!;
    return { t0: m.t0, t1: m.t1, titles: m.groups.map((g) => g.title), events: m.totals.events };
  });

async function lastRequest(page: Page): Promise<{ requestId: number; t0: number; t1: number } | undefined> {
  const r = (await messages(page)).filter((m) => m.type === 'requestDetail').pop();
  return r?.type === 'requestDetail' ? { requestId: r.requestId, t0: r.t0, t1: r.t1 } : undefined;
}

async function shot(page: Page, name: string, paths: string[]): Promise<void> {
  const path = join(OUT, `detail-${name}.png`);
  await page.screenshot({ path });
  paths.push(path);
}

export async function detailScreenshots(): Promise<Record<string, unknown>> {
  mkdirSync(OUT, { recursive: true });
  const sc = loadPreset('vfio-boot');
  const run: TimelineRun = {
    title: `${sc.name}: ${VARIANTS.join(' vs ')}`,
    scenario: sc.name,
    results: VARIANTS.map((v) => simulate(sc, v)),
  };
  const out: Record<string, unknown> = {};
  const paths: string[] = [];
  const s = await startSession();
  try {
    const page = await s.open(1400, 900, 'vscode-dark');
    await page.evaluate((r) => (window as unknown as PageWindow).mnlBench.use(r), run);
    await page.evaluate(() => (window as unknown as PageWindow).mnlBench.load());
    const button = page.locator('button', { hasText: 'Detail this window' });
    out.buttonShownForAggregated = await button.isVisible();
    await shot(page, '0-aggregated', paths);

    await page.evaluate(() =>
      (window as unknown as PageWindow).mnlTimeline.setView({ start: 12e9, end: 12.5e9 }),
    );
    await page.waitForTimeout(100);
    await shot(page, '1-aggregated-12.0-12.5s', paths);

    await button.click();
    const req = await lastRequest(page);
    out.requestDetail = req;
    out.noteWhilePending = await page.textContent('.mnl-detail-note');
    out.buttonDisabledWhilePending = await page.locator('.mnl-toolbar button:disabled').count();
    if (!req) throw new Error('no requestDetail posted');
    // What the host does: re-run the last request with the window, in the core.
    const started = Date.now();
    const results = VARIANTS.map((v) => simulate(sc, v, { window: { t0: req.t0, t1: req.t1 } }));
    out.coreMs = Date.now() - started;
    await send(page, { type: 'detail', requestId: req.requestId, results });
    await page.waitForSelector('body[data-detail="1"]', { timeout: 5000 });
    await page.waitForTimeout(150);
    out.detailNote = await page.textContent('.mnl-detail-note');
    out.detailModel = await modelInfo(page);
    out.buttonHiddenWhenDetailed = !(await button.isVisible());
    out.logged = (await messages(page)).filter((m) => m.type === 'log').map((m) => m.message);
    await shot(page, '2-detailed-12.0-12.5s', paths);

    await page.locator('button', { hasText: 'Reset' }).click();
    await page.waitForTimeout(150);
    out.afterReset = {
      dataDetail: await page.getAttribute('body', 'data-detail'),
      noteHidden: await page.locator('.mnl-detail-note').isHidden(),
      button: await button.isVisible(),
      model: await modelInfo(page),
    };
    await shot(page, '3-reset-overview', paths);

    // Key "d" on another window, answered with an error; then a stale answer is ignored.
    await page.evaluate(() =>
      (window as unknown as PageWindow).mnlTimeline.setView({ start: 20e9, end: 22e9 }),
    );
    await page.mouse.move(700, 400);
    await page.keyboard.press('d');
    const req2 = await lastRequest(page);
    out.keyD = req2;
    if (req2) await send(page, { type: 'detailError', requestId: req2.requestId, message: 'cancelled' });
    await page.waitForTimeout(100);
    out.noteAfterError = await page.textContent('.mnl-detail-note');
    out.buttonBackAfterError = await button.isEnabled();
    await shot(page, '4-error', paths);
    // Answers to request ids already answered (both) or never made are stale: dropped with a warning.
    await send(page, { type: 'detail', requestId: req.requestId, results });
    await send(page, { type: 'detail', requestId: 999, results });
    out.staleIgnored = (await page.getAttribute('body', 'data-detail')) !== '1';
    out.staleWarnings = (await messages(page))
      .filter((m) => m.type === 'log' && m.level === 'warn')
      .map((m) => (m.type === 'log' ? m.message : ''));
    out.cspViolations = await page.evaluate(() => (window as unknown as PageWindow).mnlCspViolations);
  } finally {
    await s.close();
  }
  out.paths = paths;
  return out;
}

if (require.main === module) {
  detailScreenshots().then(
    (r) => console.log(JSON.stringify(r, null, 1)),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
