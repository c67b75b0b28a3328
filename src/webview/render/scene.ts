// The whole timeline picture for one view: overview strip with the visible window, time
// axis with units, per-variant headers and lanes, contract violations, A/B markers and the
// hovered event. DOM-free: the canvas and the SVG export paint the same scene.
import { KIND_INFO } from '../model/kinds';
import type { Hit } from '../model/hitTest';
import type { Layout } from '../model/layout';
import type { RunModel } from '../model/runModel';
import { axisLabels, ticks, timeToX, type ViewWindow } from '../model/timeScale';
import type { Palette } from './palette';
import type { Painter } from './painter';
import { drawLane, type LaneStats } from './sceneLanes';

export interface SceneState {
  view: ViewWindow;
  markerA?: number;
  markerB?: number;
  hover?: Hit;
}

/** The group-header note for an aggregated result, longest first (the first that fits). */
export const AGGREGATED_NOTES = [
  'aggregated: events merged per time slot · press d / Detail this window for full detail',
  'aggregated: events merged per time slot · d: detail',
  'merged per time slot · d: detail',
];

const densityCache = new WeakMap<RunModel, { width: number; values: Float64Array }>();

/** Events per overview column (all variants), cached per model and width. */
function overviewDensity(model: RunModel, width: number): Float64Array {
  const c = densityCache.get(model);
  if (c && c.width === width) return c.values;
  const values = new Float64Array(width);
  const span = model.t1 - model.t0;
  for (const r of model.results) {
    for (const s of r.series) {
      if (!s.t.length) continue;
      let j = 0;
      for (let x = 0; x < width; x++) {
        const end = model.t0 + (span * (x + 1)) / width;
        const from = j;
        while (j < s.t.length && s.t[j] < end) j++;
        values[x] += s.cum[j] - s.cum[from];
      }
    }
  }
  densityCache.set(model, { width, values });
  return values;
}

export function drawScene(
  p: Painter,
  model: RunModel,
  layout: Layout,
  pal: Palette,
  st: SceneState,
): LaneStats {
  const stats: LaneStats = { bands: 0, rects: 0 };
  p.fillRect(0, 0, layout.width, layout.height, pal.background);
  drawOverview(p, model, layout, pal, st);
  drawAxis(p, layout, pal, st.view);
  layout.groups.forEach((g, gi) => {
    p.fillRect(0, g.y, layout.width, g.headerH - 2, pal.laneBackground);
    p.text(8, g.y + g.headerH / 2 - 1, g.title, pal.foreground, 'header', 'left', 'middle');
    // What "aggregated" means, and the way to the full detail, right after the title.
    if (!model.results[gi]?.result.timeline.aggregated) return;
    const x = 8 + p.measure(g.title, 'header') + 12;
    const note = AGGREGATED_NOTES.find((n) => x + p.measure(n, 'small') < layout.width - 8);
    if (note) p.text(x, g.y + g.headerH / 2 - 1, note, pal.muted, 'small', 'left', 'middle');
  });
  p.clip(0, layout.axis.y + layout.axis.h, layout.width, layout.height);
  for (const lane of layout.lanes) drawLane(p, model, layout, st.view, pal, lane, stats);
  drawViolations(p, model, layout, pal, st.view);
  drawHover(p, model, layout, pal, st);
  p.unclip();
  drawMarkers(p, layout, pal, st);
  return stats;
}

function drawOverview(p: Painter, model: RunModel, layout: Layout, pal: Palette, st: SceneState): void {
  const { plotX, plotW, overview } = layout;
  const w = Math.max(1, Math.round(plotW));
  const d = overviewDensity(model, w);
  let max = 0;
  for (const v of d) max = Math.max(max, v);
  const h = overview.h - 6;
  const rects: number[] = [];
  for (let x = 0; x < w; x++) {
    if (!d[x]) continue;
    const bh = Math.max(1, (h * Math.log1p(d[x])) / Math.log1p(max));
    rects.push(plotX + x, overview.y + 3 + h - bh, 1, bh);
  }
  p.fillRect(plotX, overview.y + 3, plotW, h, pal.laneBackground);
  p.fillRects(rects, pal.muted);
  p.text(8, overview.y + overview.h / 2, 'Overview', pal.muted, 'small', 'left', 'middle');
  const full = { start: model.t0, end: model.t1 };
  const x0 = timeToX(st.view.start, full, plotX, plotW);
  const x1 = Math.max(x0 + 2, timeToX(st.view.end, full, plotX, plotW));
  p.fillRect(x0, overview.y + 1, x1 - x0, overview.h - 2, pal.window);
  p.strokeRect(x0, overview.y + 1, x1 - x0, overview.h - 2, pal.markerA, 1);
  for (const [t, c] of [
    [st.markerA, pal.markerA],
    [st.markerB, pal.markerB],
  ] as const) {
    if (t !== undefined) {
      const x = timeToX(t, full, plotX, plotW);
      p.line(x, overview.y, x, overview.y + overview.h, c, 1);
    }
  }
}

function drawAxis(p: Painter, layout: Layout, pal: Palette, view: ViewWindow): void {
  const { plotX, plotW, axis, height } = layout;
  const target = Math.max(2, Math.floor(plotW / (layout.narrow ? 90 : 110)));
  const { step, values } = ticks(view.start, view.end, target);
  const labels = axisLabels(view.start, view.end, step);
  p.line(plotX, axis.y + axis.h - 1, plotX + plotW, axis.y + axis.h - 1, pal.border, 1);
  for (const v of values) {
    const x = timeToX(v, view, plotX, plotW);
    if (x < plotX - 0.5 || x > plotX + plotW + 0.5) continue;
    p.line(x, axis.y + axis.h - 5, x, height, pal.grid, 1);
    if (x + 40 < plotX + plotW) {
      p.text(x + 3, axis.y + axis.h / 2 - 2, labels.format(v), pal.foreground, 'small', 'left', 'middle');
    }
  }
  p.text(8, axis.y + axis.h / 2 - 2, labels.title, pal.muted, 'small');
}

function drawViolations(p: Painter, model: RunModel, layout: Layout, pal: Palette, view: ViewWindow): void {
  const { plotX, plotW } = layout;
  for (const g of layout.groups) {
    const vs = model.results[layout.groups.indexOf(g)].result.violations;
    for (const v of vs) {
      if (v.t < view.start || v.t > view.end) continue;
      const x = timeToX(v.t, view, plotX, plotW);
      p.line(x, g.y, x, g.y + g.h, pal.roles.violation, 1, [3, 3]);
      p.fillRect(x - 3, g.y + 2, 7, g.headerH - 6, pal.roles.violation);
    }
  }
}

function drawMarkers(p: Painter, layout: Layout, pal: Palette, st: SceneState): void {
  const { plotX, plotW, axis, height } = layout;
  const xa = st.markerA === undefined ? undefined : timeToX(st.markerA, st.view, plotX, plotW);
  const xb = st.markerB === undefined ? undefined : timeToX(st.markerB, st.view, plotX, plotW);
  const top = axis.y + axis.h;
  if (xa !== undefined && xb !== undefined) {
    const l = Math.max(plotX, Math.min(xa, xb));
    const r = Math.min(plotX + plotW, Math.max(xa, xb));
    if (r > l) p.fillRect(l, top, r - l, height - top, pal.span);
  }
  for (const [x, c, name] of [
    [xa, pal.markerA, 'A'],
    [xb, pal.markerB, 'B'],
  ] as const) {
    if (x === undefined || x < plotX || x > plotX + plotW) continue;
    p.line(x, top, x, height, c, 2);
    // A badge in each variant header, where it cannot hide a tick label.
    for (const g of layout.groups) {
      p.fillRect(x - 8, g.y + 1, 16, g.headerH - 4, c);
      p.text(x, g.y + g.headerH / 2 - 1, name, pal.background, 'bold', 'center', 'middle');
    }
  }
}

function drawHover(p: Painter, model: RunModel, layout: Layout, pal: Palette, st: SceneState): void {
  const h = st.hover;
  if (!h || h.type !== 'event') return;
  const e = model.results[h.group].result.timeline.events[h.event];
  const row = h.lane.rows.indexOf(KIND_INFO.findIndex((k) => k.kind === e.kind));
  if (row < 0) return;
  const x0 = timeToX(e.t, st.view, layout.plotX, layout.plotW);
  const x1 = Math.max(x0 + 1, timeToX(e.t + (e.dur ?? 0), st.view, layout.plotX, layout.plotW));
  const y = h.lane.y + h.lane.rasterH + 2 + row * h.lane.rowH;
  p.strokeRect(x0 - 2, y - 2, x1 - x0 + 4, h.lane.rowH + 2, pal.foreground, 2);
}
