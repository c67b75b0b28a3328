// Drives the real page in Chromium through the host contract and prints what held: ready
// handshake, rendered message, h1 title, tooltip cause chain, openSource on click, focus,
// SVG/PNG export, keys and markers, theme switch, reload from saved state, no CSP
// violations. For the lead's integration tests to copy; not a test runner.
//   npx tsx bench/webview/pageChecks.ts
import type { Page } from 'playwright-core';
import type { HostToWebview, WebviewToHost } from '../../src/protocol/messages';
import { startSession } from './pageServer';

interface PageWindow {
  mnlMessages: WebviewToHost[];
  mnlCspViolations: string[];
  mnlBench: {
    generate(n: number, v?: string[], c?: number, gib?: number): number;
    load(): Promise<unknown>;
    send(m: HostToWebview): void;
  };
  mnlTimeline: {
    view: { start: number; end: number };
    markerA?: number;
    markerB?: number;
    layout: {
      plotX: number;
      plotW: number;
      lanes: { lane: string; group: number; y: number; rasterH: number; rowH: number }[];
    };
  };
}

const messages = (page: Page): Promise<WebviewToHost[]> =>
  page.evaluate(() => (window as unknown as PageWindow).mnlMessages);
const send = (page: Page, m: HostToWebview): Promise<void> =>
  page.evaluate((msg) => (window as unknown as PageWindow).mnlBench.send(msg), m);
const viewOf = (page: Page): Promise<{ start: number; end: number }> =>
  page.evaluate(() => ({ ...(window as unknown as PageWindow).mnlTimeline.view }));

/** Moves along the SPTE event rows of the first variant until a tooltip shows; returns the point. */
async function hoverZap(page: Page): Promise<{ x: number; y: number } | undefined> {
  const box = await page.evaluate(() => {
    const l = (window as unknown as PageWindow).mnlTimeline.layout;
    const lane = l.lanes.find((x) => x.lane === 'spte' && x.group === 0)!;
    const c = document.getElementById('timeline')!.getBoundingClientRect();
    return { x: c.left + l.plotX, w: l.plotW, y: c.top + lane.y + lane.rasterH + 2 + lane.rowH / 2 };
  });
  for (let f = 0; f < 1; f += 0.002) {
    const p = { x: box.x + box.w * f, y: box.y };
    await page.mouse.move(p.x, p.y);
    if ((await page.locator('.mnl-tooltip:not([hidden])').count()) > 0) return p;
  }
  return undefined;
}

export async function pageChecks(): Promise<Record<string, boolean | string>> {
  const s = await startSession();
  const out: Record<string, boolean | string> = {};
  try {
    const page = await s.open(1400, 900, 'vscode-dark');
    out.ready =
      (await page.getAttribute('body', 'data-ready')) === '1' && (await messages(page))[0]?.type === 'ready';
    await page.evaluate(() =>
      (window as unknown as PageWindow).mnlBench.generate(5_000, ['v6.12', 'rfc-v2'], 2, 1),
    );
    await page.evaluate(() => (window as unknown as PageWindow).mnlBench.load());
    const rendered = (await messages(page)).find((m) => m.type === 'rendered');
    out.rendered = (await page.getAttribute('body', 'data-rendered')) === '1' && !!rendered;
    out.renderedMessage = JSON.stringify(rendered);
    out.h1 = (await page.textContent('h1')) ?? '';
    out.canvas = (await page.locator('canvas#timeline').count()) === 1;
    await page.locator('.mnl-tables table').first().waitFor();
    out.compareTable = (await page.textContent('.mnl-tables')) ?? '';
    out.compareTable = String(out.compareTable).includes('Δ rfc-v2');

    const p = await hoverZap(page);
    const tip = (await page.textContent('.mnl-tooltip')) ?? '';
    out.tooltipNamesKvmUnmapGfnRange = !!p && tip.includes('kvm_unmap_gfn_range');
    await page.locator('.mnl-tooltip .mnl-link', { hasText: 'kvm_unmap_gfn_range' }).click();
    const open1 = (await messages(page)).filter((m) => m.type === 'openSource').pop();
    out.openSourceFromTooltip = JSON.stringify(open1);
    if (p) {
      await page.mouse.move(p.x, p.y);
      await page.mouse.click(p.x, p.y);
    }
    const open2 = (await messages(page)).filter((m) => m.type === 'openSource').pop();
    out.openSourceFromClick = JSON.stringify(open2);

    const full = await viewOf(page);
    await send(page, { type: 'focus', kind: 'spte_zap' });
    const focused = await viewOf(page);
    out.focusZoomsIn = focused.end - focused.start < (full.end - full.start) * 0.95;
    await send(page, { type: 'focus', fn: 'no_such_function' });
    out.focusUnknownLogs = (await messages(page)).some((m) => m.type === 'log' && m.level === 'warn');

    await send(page, { type: 'export', requestId: 7, format: 'svg' });
    await send(page, { type: 'export', requestId: 8, format: 'png' });
    const ex = (await messages(page)).filter((m) => m.type === 'exported');
    out.exportSvg = ex.some((m) => m.type === 'exported' && m.requestId === 7 && m.data.startsWith('<svg'));
    out.exportPng = ex.some(
      (m) => m.type === 'exported' && m.requestId === 8 && m.data.startsWith('data:image/png;base64,'),
    );

    await page.keyboard.press('0');
    const before = await viewOf(page);
    await page.keyboard.press('+');
    const zoomed = await viewOf(page);
    out.keyZoom = zoomed.end - zoomed.start < before.end - before.start;
    await page.keyboard.press('ArrowRight');
    out.keyPan = (await viewOf(page)).start > zoomed.start;
    await page.mouse.move(700, 500);
    await page.keyboard.press('a');
    await page.mouse.move(900, 500);
    await page.keyboard.press('b');
    await page.waitForTimeout(50);
    out.markersTable = ((await page.textContent('.mnl-tables')) ?? '').includes('Between A');

    const bg = (): Promise<string> =>
      page.evaluate(() => {
        const c = document.getElementById('timeline') as HTMLCanvasElement;
        return Array.from(c.getContext('2d')!.getImageData(2, 2, 1, 1).data).join(',');
      });
    const dark = await bg();
    await page.evaluate(() => (document.body.className = 'vscode-light'));
    await page.waitForTimeout(100);
    out.themeSwitchRepaints = (await bg()) !== dark;

    const saved = await viewOf(page);
    await page.waitForTimeout(600); // the state is saved 400 ms after the last change
    await page.reload();
    await page.waitForSelector('body[data-rendered="1"]');
    const restored = await viewOf(page);
    out.reloadRestoresView =
      Math.abs(restored.start - saved.start) < 1 && Math.abs(restored.end - saved.end) < 1;
    out.reloadRestoresTitle = (await page.textContent('h1')) === out.h1;
    const csp = await page.evaluate(() => (window as unknown as PageWindow).mnlCspViolations);
    out.cspViolations = csp.length ? csp.join('; ') : 'none';
  } finally {
    await s.close();
  }
  return out;
}

if (require.main === module) {
  pageChecks().then(
    (r) => console.log(JSON.stringify(r, null, 1)),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
