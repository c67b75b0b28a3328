// Renders the timeline page as a user sees it, for looking at it (not a test): compare at
// 1400×900 in dark, light and high contrast, a narrow editor group, a hovered tooltip with
// A/B markers, and a zoomed-in view. PNGs go to .artifacts/webview/.
//   npx tsx bench/webview/screenshots.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { startSession } from './pageServer';
import type { ThemeKind } from './themes';

declare const mnlBench: {
  generate(events: number, variants?: string[], vcpus?: number): number;
  load(): Promise<{ firstPaintMs: number; renderedMs: number }>;
};
declare const mnlTimeline: {
  layout: {
    plotX: number;
    plotW: number;
    lanes: { lane: string; y: number; h: number; rasterH: number; rowH: number; rows: number[] }[];
  };
  setMarker(which: 'a' | 'b', t: number): void;
  setView(w: { start: number; end: number }): void;
};

const OUT = resolve(__dirname, '../../.artifacts/webview');

async function shot(page: Page, name: string): Promise<string> {
  const path = join(OUT, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

async function load(page: Page, events: number, variants: string[], vcpus = 4): Promise<void> {
  await page.evaluate(([n, v, c]) => mnlBench.generate(n as number, v as string[], c as number), [
    events,
    variants,
    vcpus,
  ] as const);
  await page.evaluate(() => mnlBench.load());
  await page.waitForTimeout(100);
}

export async function screenshots(): Promise<string[]> {
  mkdirSync(OUT, { recursive: true });
  const s = await startSession();
  const paths: string[] = [];
  try {
    for (const theme of ['vscode-dark', 'vscode-light', 'vscode-high-contrast'] as ThemeKind[]) {
      const page = await s.open(1400, 900, theme);
      await load(page, 40_000, ['v6.12', 'rfc-v2'], 2);
      paths.push(await shot(page, `compare-1400-${theme.replace('vscode-', '')}`));
      await page.close();
    }
    const three = await s.open(1400, 900, 'vscode-dark');
    await load(three, 30_000, ['v6.12', 'rfc-v1', 'rfc-v2'], 1);
    paths.push(await shot(three, 'compare3-1400-dark'));
    await three.setViewportSize({ width: 1400, height: 1400 });
    await three.waitForTimeout(300);
    await three.screenshot({ path: join(OUT, 'compare3-tables-full-dark.png'), fullPage: true });
    paths.push(join(OUT, 'compare3-tables-full-dark.png'));
    await three.close();
    const page = await s.open(1400, 900, 'vscode-dark');
    await load(page, 60_000, ['v6.12'], 4);
    paths.push(await shot(page, 'single-1400-dark'));
    await page.evaluate(() => mnlTimeline.setView({ start: 0.99e9, end: 1.25e9 }));
    await page.evaluate(() => {
      mnlTimeline.setMarker('a', 1.0e9);
      mnlTimeline.setMarker('b', 1.2e9);
    });
    const box = await page.evaluate(() => {
      const l = mnlTimeline.layout;
      const lane = l.lanes.find((x) => x.lane === 'spte')!;
      const c = document.getElementById('timeline')!.getBoundingClientRect();
      return { x: c.left + l.plotX, w: l.plotW, y: c.top + lane.y + lane.rasterH + 2 + lane.rowH / 2 };
    });
    // Sweep along the SPTE event rows until a tooltip shows.
    for (let f = 0.02; f < 0.6; f += 0.01) {
      await page.mouse.move(box.x + box.w * f, box.y);
      if (await page.locator('.mnl-tooltip:not([hidden])').count()) break;
    }
    await page.waitForTimeout(50);
    paths.push(await shot(page, 'zoom-tooltip-markers-1400-dark'));
    // What "Export timeline… → PNG / SVG" gives the host.
    await page.evaluate(() => {
      const w = window as unknown as { mnlBench: { send(m: unknown): void } };
      w.mnlBench.send({ type: 'export', requestId: 1, format: 'png' });
      w.mnlBench.send({ type: 'export', requestId: 2, format: 'svg' });
    });
    const exported = await page.evaluate(() =>
      (
        window as unknown as { mnlMessages: { type: string; requestId?: number; data?: string }[] }
      ).mnlMessages.filter((m) => m.type === 'exported'),
    );
    for (const m of exported) {
      if (m.requestId === 1 && m.data) {
        const path = join(OUT, 'export.png');
        writeFileSync(path, Buffer.from(m.data.replace(/^data:image\/png;base64,/, ''), 'base64'));
        paths.push(path);
      }
      if (m.requestId === 2 && m.data) {
        writeFileSync(join(OUT, 'export.svg'), m.data);
        const svgPage = await s.browser.newPage({ viewport: { width: 1400, height: 1000 } });
        await svgPage.setContent(`<body style="margin:0">${m.data}</body>`);
        await svgPage.screenshot({ path: join(OUT, 'export-svg-rendered.png') });
        paths.push(join(OUT, 'export-svg-rendered.png'));
        await svgPage.close();
      }
    }
    await page.setViewportSize({ width: 1400, height: 1300 });
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(OUT, 'zoom-tables-full-dark.png'), fullPage: true });
    paths.push(join(OUT, 'zoom-tables-full-dark.png'));
    await page.close();
    const narrow = await s.open(600, 900, 'vscode-dark');
    await load(narrow, 40_000, ['v6.12'], 4);
    paths.push(await shot(narrow, 'narrow-600-dark'));
    await narrow.close();
    const hidpi = await s.open(700, 700, 'vscode-light', 2);
    await load(hidpi, 20_000, ['rfc-v2'], 2);
    paths.push(await shot(hidpi, 'hidpi-700-light'));
  } finally {
    await s.close();
  }
  return paths;
}

if (require.main === module) {
  screenshots().then(
    (p) => console.log(p.join('\n')),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
