// The timeline page's read-only test probe, its own bundle (dist/webviewTestProbe.js; not in
// the VSIX: .vscodeignore lists what ships). Loaded into a page only by test runs: the e2e
// checks inject it into the webview frame with the page's CSP nonce
// (test/integration/e2e/lensProbe.ts). It sets `window.__mmuLens`, which answers where the
// page drew things, from the view's own model and layout, so a test can hover the canvas at
// an event of a kind, check that the PTE/SPTE lanes hold bands (and that their pixels are not
// blank), and read the tables. It gets the view by asking the page (ui/probeSeam.ts) on each
// call. Nothing here changes the page.
import type { MmuLensProbe, ProbeLaneBands } from '../protocol/testProbe';
import { KIND_CODE, kindInfo } from './model/kinds';
import { timeToX } from './model/timeScale';
import { askForView } from './ui/probeSeam';
import type { TimelineView } from './ui/timelineView';

function timeline(): TimelineView | undefined {
  return askForView();
}

/** The RGBA of the canvas pixel at CSS position (x, y), as one number (undefined off-canvas). */
function pixelAt(x: number, y: number): number | undefined {
  const canvas = document.getElementById('timeline');
  if (!(canvas instanceof HTMLCanvasElement) || !canvas.clientWidth) return undefined;
  const k = canvas.width / canvas.clientWidth;
  const [px, py] = [Math.floor(x * k), Math.floor(y * k)];
  if (px < 0 || py < 0 || px >= canvas.width || py >= canvas.height) return undefined;
  const d = canvas.getContext('2d')?.getImageData(px, py, 1, 1).data;
  return d ? ((d[0] << 24) | (d[1] << 16) | (d[2] << 8) | d[3]) >>> 0 : undefined;
}

const hex = (v: number | undefined): string => (v === undefined ? '-' : v.toString(16).padStart(8, '0'));

function canvasColours(box: ProbeLaneBands['box']): number {
  const canvas = document.getElementById('timeline');
  if (!(canvas instanceof HTMLCanvasElement) || !canvas.clientWidth) return 0;
  const g = canvas.getContext('2d');
  const k = canvas.width / canvas.clientWidth;
  const [x, y] = [Math.floor(box.x * k), Math.floor(box.y * k)];
  const [w, h] = [Math.max(1, Math.floor(box.w * k)), Math.max(1, Math.floor(box.h * k))];
  if (!g || w <= 0 || h <= 0) return 0;
  const d = g.getImageData(x, y, w, h).data;
  const seen = new Set<number>();
  const step = Math.max(1, Math.floor((w * h) / 20_000));
  for (let p = 0; p < w * h && seen.size < 64; p += step) {
    seen.add(((d[p * 4] << 24) | (d[p * 4 + 1] << 16) | (d[p * 4 + 2] << 8) | d[p * 4 + 3]) >>> 0);
  }
  return seen.size;
}

const probe: MmuLensProbe = {
  summary() {
    const tv = timeline();
    if (!tv?.model || !tv.layout) return null;
    return {
      title: tv.model.run.title,
      variants: tv.model.results.map((r) => r.result.variant),
      totals: tv.model.totals,
      view: { ...tv.view },
      lanes: tv.layout.lanes.map((l) => ({ group: l.group, lane: l.lane, title: l.title })),
    };
  },

  eventScreenPos(kind, opts = {}) {
    const tv = timeline();
    const code = KIND_CODE.get(kind);
    if (!tv?.model || !tv.layout || code === undefined) return null;
    const { model, layout, view } = tv;
    for (let g = 0; g < model.results.length; g++) {
      if (opts.group !== undefined && g !== opts.group) continue;
      const events = model.results[g].result.timeline.events;
      let tried = 0;
      for (let i = 0; i < events.length && tried < 2000; i++) {
        const e = events[i];
        if (e.kind !== kind || e.t + (e.dur ?? 0) < view.start || e.t > view.end) continue;
        const lane = layout.lanes.find((l) => l.group === g && l.lane === e.lane);
        const row = lane ? lane.rows.indexOf(code) : -1;
        if (!lane || row < 0) continue;
        tried++;
        const mid = Math.min(Math.max(e.t + (e.dur ?? 0) / 2, view.start), view.end);
        const x = timeToX(mid, view, layout.plotX, layout.plotW);
        const y = lane.y + lane.rasterH + 2 + row * lane.rowH + lane.rowH / 2;
        const hit = tv.hitAt(x, y);
        if (hit?.type !== 'event' || hit.group !== g) continue;
        const found = events[hit.event];
        if (found.kind !== kind) continue;
        return {
          x,
          y,
          group: g,
          variant: model.results[g].result.variant,
          lane: found.lane,
          kind,
          label: kindInfo(kind).label,
          event: hit.event,
          t: found.t,
          cause: found.cause.map((c) => ({ file: c.file, fn: c.fn })),
        };
      }
    }
    return null;
  },

  laneBands(which) {
    const tv = timeline();
    if (!tv?.model || !tv.layout) return [];
    const { model, layout, view } = tv;
    return layout.lanes
      .filter((l) => l.lane === which)
      .map((l) => {
        const tl = model.results[l.group].result.timeline;
        const bands = which === 'pte' ? tl.pteBands : tl.spteBands;
        const states: Record<string, number> = {};
        let visible = 0;
        for (const b of bands) {
          states[b.state] = (states[b.state] ?? 0) + 1;
          if (b.t1 > view.start && b.t0 < view.end) visible++;
        }
        const box = { x: layout.plotX, y: l.y, w: layout.plotW, h: l.rasterH };
        // Centres of the largest visible bands of each state on screen: a painted raster
        // shows each state in its own colour.
        const rects = bands
          .map((b) => {
            const x0 = timeToX(Math.max(b.t0, view.start), view, layout.plotX, layout.plotW);
            const x1 = timeToX(Math.min(b.t1, view.end), view, layout.plotX, layout.plotW);
            const y0 = l.y + (b.gfnStart / model.guestPages) * l.rasterH;
            const y1 = l.y + (b.gfnEnd / model.guestPages) * l.rasterH;
            return { state: b.state as string, x: (x0 + x1) / 2, y: (y0 + y1) / 2, w: x1 - x0, h: y1 - y0 };
          })
          .filter((r) => r.w >= 4 && r.h >= 1.5)
          .sort((a, b) => b.w * b.h - a.w * a.h);
        const seen = new Map<string, Map<string, number>>();
        let sampled = 0;
        for (const r of rects) {
          const per = seen.get(r.state) ?? new Map<string, number>();
          const n = [...per.values()].reduce((x, y) => x + y, 0);
          if (n >= 24) continue;
          const c = hex(pixelAt(r.x, r.y));
          per.set(c, (per.get(c) ?? 0) + 1);
          seen.set(r.state, per);
          sampled++;
        }
        const stateColours: Record<string, string> = {};
        for (const [state, per] of seen) stateColours[state] = [...per].sort((x, y) => y[1] - x[1])[0][0];
        return {
          group: l.group,
          variant: model.results[l.group].result.variant,
          lane: which,
          title: l.title,
          box,
          bands: bands.length,
          visibleBands: visible,
          states,
          colours: canvasColours(box),
          sampledBands: sampled,
          stateColours,
        };
      });
  },

  countersTable() {
    const text = (e: Element): string => (e.textContent ?? '').trim();
    return [...document.querySelectorAll('.mnl-tables table')].map((t) => ({
      caption: text(t.querySelector('caption') ?? t),
      head: [...t.querySelectorAll('thead th')].map(text),
      rows: [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map(text)),
    }));
  },

  tooltip() {
    const tip = document.querySelector<HTMLElement>('.mnl-tooltip');
    return {
      visible: !!tip && !tip.hidden,
      text: tip?.innerText ?? '',
      links: tip ? [...tip.querySelectorAll('button')].map((b) => (b.textContent ?? '').trim()) : [],
    };
  },
};

(window as unknown as { __mmuLens?: MmuLensProbe }).__mmuLens = probe;
