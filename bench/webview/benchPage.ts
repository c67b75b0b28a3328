// Runs inside the bench/screenshot page, before dist/webview.js: a stand-in for
// acquireVsCodeApi that records messages, and `mnlBench` to generate runs, load them through
// the real message path, and time frames of real wheel/key/drag input. `window.mnlTimeline`
// is the page's TimelineView, asked for through the page's test seam (src/webview/ui/probeSeam.ts):
// the page itself puts nothing on `window`.
import { askForView } from '../../src/webview/ui/probeSeam';
import type { HostToWebview, TimelineRun, WebviewToHost } from '../../src/protocol/messages';
import { syntheticRun, type SyntheticOptions } from './syntheticRun';
import { importedRun } from './importedRun';

interface Handle {
  flush(): { ms: number } | undefined;
  layout?: {
    plotX: number;
    plotW: number;
    lanes: {
      lane: string;
      y: number;
      h: number;
      rasterH: number;
      rowH: number;
      rows: number[];
      group: number;
    }[];
  };
}

interface BenchWindow {
  acquireVsCodeApi: () => {
    postMessage(m: WebviewToHost): void;
    getState(): unknown;
    setState(s: unknown): void;
  };
  mnlMessages: WebviewToHost[];
  mnlState: unknown;
  mnlTimeline?: Handle;
  mnlBench: typeof bench;
  mnlCspViolations: string[];
}

const w = window as unknown as BenchWindow;
w.mnlMessages = [];
w.mnlCspViolations = [];
Object.defineProperty(w, 'mnlTimeline', { get: () => askForView() as Handle | undefined });
// State goes to sessionStorage so a reload of the page restores it, as in VS Code.
w.acquireVsCodeApi = () => ({
  postMessage: (m) => w.mnlMessages.push(m),
  getState: () => JSON.parse(sessionStorage.getItem('mnlState') ?? 'null') as unknown,
  setState: (s) => {
    w.mnlState = s;
    try {
      sessionStorage.setItem('mnlState', JSON.stringify(s));
    } catch (e) {
      console.warn('state not kept across reload (sessionStorage quota):', e);
    }
  },
});
document.addEventListener('securitypolicyviolation', (e) =>
  w.mnlCspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
);

let run: TimelineRun | undefined;
const nextFrame = (): Promise<number> => new Promise((r) => requestAnimationFrame(r));

const bench = {
  generate(
    events: number,
    variants: SyntheticOptions['variant'][] = ['v6.12'],
    vcpus = 4,
    guestGiB = 4,
  ): number {
    // What the page receives from VS Code went through JSON (webview.postMessage), so the
    // bench hands over a parsed copy too; the round trip is not part of the timed paint.
    run = JSON.parse(JSON.stringify(syntheticRun(events, variants, vcpus, guestGiB))) as TimelineRun;
    return run.results.reduce((s, r) => s + r.timeline.events.length, 0);
  },
  /** An imported real trace of `events` drawn events (through the core's importer), as the host would send it. */
  generateImported(events: number): number {
    run = JSON.parse(JSON.stringify(importedRun(events))) as TimelineRun;
    return run.results.reduce((s, r) => s + r.timeline.events.length, 0);
  },
  /** Uses a run made elsewhere (e.g. by the simulation core, in node) instead of a synthetic one. */
  use(r: TimelineRun): number {
    run = r;
    return r.results.reduce((s, x) => s + x.timeline.events.length, 0);
  },
  send(m: HostToWebview): void {
    window.dispatchEvent(new MessageEvent('message', { data: m }));
  },
  /** Loads the generated run; ms from the 'load' message to the next frame after the paint. */
  async load(): Promise<{ firstPaintMs: number; renderedMs: number }> {
    if (!run) throw new Error('generate() first');
    const t = performance.now();
    bench.send({ type: 'load', run });
    await nextFrame();
    const firstPaintMs = performance.now() - t;
    const r = [...w.mnlMessages].reverse().find((m) => m.type === 'rendered');
    return { firstPaintMs, renderedMs: r && r.type === 'rendered' ? r.ms : -1 };
  },
  /** Real input events, each followed by a synchronous frame; returns per-frame ms. */
  async frames(): Promise<number[]> {
    const canvas = document.getElementById('timeline') as HTMLCanvasElement;
    const tl = w.mnlTimeline;
    if (!tl?.layout) throw new Error('nothing loaded');
    const rect = canvas.getBoundingClientRect();
    const l = tl.layout;
    const y = rect.top + l.lanes[3].y + 4;
    const at = (f: number): number => rect.left + l.plotX + l.plotW * f;
    const out: number[] = [];
    const step = async (fire: () => void): Promise<void> => {
      const t = performance.now();
      fire();
      tl.flush();
      out.push(performance.now() - t);
      await nextFrame();
    };
    const wheel = (f: number, deltaY: number, shiftKey = false): void => {
      canvas.dispatchEvent(
        new WheelEvent('wheel', {
          clientX: at(f),
          clientY: y,
          deltaY,
          shiftKey,
          bubbles: true,
          cancelable: true,
        }),
      );
    };
    for (let i = 0; i < 40; i++) await step(() => wheel(0.3 + (i % 5) * 0.1, -120));
    for (let i = 0; i < 30; i++) await step(() => wheel(0.5, i % 2 ? 200 : -150, true));
    for (let i = 0; i < 40; i++) await step(() => wheel(0.6, 120));
    const key = (k: string): boolean =>
      document.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
    for (let i = 0; i < 10; i++) await step(() => key('+'));
    for (let i = 0; i < 20; i++) await step(() => key(i % 2 ? 'ArrowLeft' : 'ArrowRight'));
    const ptr = (type: string, f: number, buttons: number): void => {
      canvas.dispatchEvent(
        new PointerEvent(type, {
          clientX: at(f),
          clientY: y,
          button: 0,
          buttons,
          pointerId: 1,
          bubbles: true,
        }),
      );
    };
    ptr('pointerdown', 0.5, 1);
    for (let i = 0; i < 30; i++) await step(() => ptr('pointermove', 0.5 + Math.sin(i / 5) * 0.2, 1));
    ptr('pointerup', 0.5, 0);
    for (let i = 0; i < 20; i++) await step(() => ptr('pointermove', 0.1 + i * 0.04, 0));
    await step(() => key('0'));
    return out;
  },
};

w.mnlBench = bench;
