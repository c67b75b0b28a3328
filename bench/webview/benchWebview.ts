// Timeline bench: a synthetic 1M-event run in Chromium. Reports the first paint (from the
// 'load' message to the next frame) and the p95 of frames driven by real wheel, key and drag
// input. Numbers only; never pass/fail. Run alone: npx tsx bench/webview/benchWebview.ts
import { startSession } from './pageServer';

declare const mnlBench: {
  generate(events: number): number;
  generateImported(events: number): number;
  load(): Promise<{ firstPaintMs: number; renderedMs: number }>;
  frames(): Promise<number[]>;
};

export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

const round = (v: number): number => Math.round(v * 10) / 10;

export async function benchWebview(): Promise<Record<string, number>> {
  const session = await startSession();
  try {
    const page = await session.open(1400, 900);
    const events = await page.evaluate(() => mnlBench.generate(1_000_000));
    // Main-thread CPU time (CDP ThreadTime) next to wall time: on a loaded machine the wall
    // clock includes time the page was not even running.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const cpu = async (): Promise<number> => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return (metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN) * 1000;
    };
    const paints: number[] = [];
    const rendered: number[] = [];
    const cpuMs: number[] = [];
    // The first load includes JIT warm-up; report the median of three loads of the same run.
    for (let i = 0; i < 3; i++) {
      const c0 = await cpu();
      const r = await page.evaluate(() => mnlBench.load());
      cpuMs.push((await cpu()) - c0);
      paints.push(r.firstPaintMs);
      rendered.push(r.renderedMs);
    }
    const frames = await page.evaluate(() => mnlBench.frames());
    console.log(
      `timeline webview: ${events.toLocaleString('en-US')} events, first paint ${round(percentile(paints, 50))} ms ` +
        `(cold ${round(paints[0])} ms), pan/zoom frames p95 ${round(percentile(frames, 95))} ms over ${frames.length}`,
    );
    // The same on an imported real trace of 1M drawn events (notifier spans, SPTE zaps and
    // installs, faults on three vCPUs, migrations; each event with its raw trace line).
    const imported = await page.evaluate(() => mnlBench.generateImported(1_000_000));
    const ipaints: number[] = [];
    for (let i = 0; i < 3; i++) ipaints.push((await page.evaluate(() => mnlBench.load())).firstPaintMs);
    const iframes = await page.evaluate(() => mnlBench.frames());
    console.log(
      `timeline webview, imported trace: ${imported.toLocaleString('en-US')} events, first paint ${round(percentile(ipaints, 50))} ms ` +
        `(cold ${round(ipaints[0])} ms), pan/zoom frames p95 ${round(percentile(iframes, 95))} ms over ${iframes.length}`,
    );
    return {
      timeline_1m_imported_events: imported,
      timeline_1m_imported_first_paint_ms: round(percentile(ipaints, 50)),
      timeline_1m_imported_frame_p95_ms: round(percentile(iframes, 95)),
      timeline_1m_imported_frame_max_ms: round(Math.max(...iframes)),
      timeline_1m_events: events,
      timeline_1m_first_paint_ms: round(percentile(paints, 50)),
      timeline_1m_first_paint_cold_ms: round(paints[0]),
      timeline_1m_render_ms: round(percentile(rendered, 50)),
      timeline_1m_first_paint_cpu_ms: round(percentile(cpuMs, 50)),
      timeline_1m_first_paint_cold_cpu_ms: round(cpuMs[0]),
      timeline_1m_frame_p95_ms: round(percentile(frames, 95)),
      timeline_1m_frame_max_ms: round(Math.max(...frames)),
      timeline_1m_frames: frames.length,
    };
  } finally {
    await session.close();
  }
}

// Standalone run (`npx tsx bench/webview/benchWebview.ts`); inside the bench bundle `module` is the
// bundle's, so the file name decides.
if (require.main === module && /benchWebview\.[jt]s$/.test(process.argv[1] ?? '')) {
  benchWebview().then(
    (r) => console.log(JSON.stringify(r)),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
