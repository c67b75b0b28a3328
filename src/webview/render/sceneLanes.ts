// Painting one variant's lanes: the PTE/SPTE rasters with address labels, event rows
// (one merged rect per pixel run), vCPU guest-mode background, and the counters strip.
// DOM-free: it only talks to a Painter.
import { cachedRowSegments, rasterizeRows } from '../model/bandRaster';
import { STRIP_KINDS, stripCounterLabel } from '../model/counters';
import { laneRuns, lowerBound } from '../model/eventIndex';
import { KIND_CODE, KIND_INFO } from '../model/kinds';
import type { LaneBox, Layout } from '../model/layout';
import type { ResultModel, RunModel } from '../model/runModel';
import { formatGfnAddress, timeToX, type ViewWindow } from '../model/timeScale';
import { toPixel, type Palette } from './palette';
import type { Painter } from './painter';

/**
 * Weights per state (PTE_STATES / SPTE_STATES order) when a pixel row mixes states: PROT_NONE
 * shows whenever any page of the row has it; otherwise the state covering most pages shows.
 */
const PTE_WEIGHTS = [1, 1, 1e6];
const SPTE_WEIGHTS = [1, 1, 1];

/** Minimum px between two guest-address labels (about two text lines). */
const ADDRESS_SPACING = 26;

export interface LaneStats {
  bands: number;
  rects: number;
}

export function drawLane(
  p: Painter,
  model: RunModel,
  layout: Layout,
  view: ViewWindow,
  pal: Palette,
  lane: LaneBox,
  stats: LaneStats,
): void {
  const m = model.results[lane.group];
  const { plotX, plotW, gutter } = layout;
  p.fillRect(plotX, lane.y, plotW, lane.h, pal.laneBackground);
  if (pal.highContrast) p.strokeRect(plotX, lane.y, plotW, lane.h, pal.border, 1);
  p.text(6, lane.y + Math.min(lane.h / 2, 9), lane.title, pal.foreground, 'bold', 'left', 'middle');
  if (lane.kind === 'counters') {
    drawCounters(p, m, layout, view, pal, lane);
    return;
  }
  if (lane.kind === 'pte' || lane.kind === 'spte') drawRaster(p, model, m, layout, view, pal, lane, stats);
  if (lane.lane.startsWith('vcpu')) {
    // Guest mode: the vCPU runs guest code unless an exit is drawn on top.
    const tl = m.result.timeline;
    const x0 = Math.max(plotX, timeToX(tl.t0, view, plotX, plotW));
    const x1 = Math.min(plotX + plotW, timeToX(tl.t1, view, plotX, plotW));
    if (x1 > x0) p.fillRect(x0, lane.y, x1 - x0, lane.h, pal.roles.guest);
  }
  const ix = lane.lane === 'counters' ? undefined : m.lanes.get(lane.lane);
  if (!ix) return;
  const runs = laneRuns(ix, view.start, view.end, Math.round(plotW));
  const rowTop = lane.y + lane.rasterH + 2;
  // State lanes label even a single event row: it sits below the raster, clear of the title.
  const rowLabels = lane.rowH >= 9 && (lane.rows.length > 1 || lane.kind !== 'events');
  const minW = lane.kind !== 'events' || lane.lane === 'notifier' || lane.lane === 'scanner' ? 3 : 2;
  runs.forEach((r, row) => {
    const info = KIND_INFO[ix.rows[row]];
    const y = rowTop + row * lane.rowH;
    const h = Math.max(2, lane.rowH - 2);
    const rects: number[] = [];
    for (let i = 0; i < r.length; i += 2) {
      // Marks keep a minimum width (3 px on the key lanes) so a lone zap or flush is seen.
      const w = r[i + 1] - r[i];
      const grow = Math.max(0, minW - w);
      rects.push(plotX + r[i] - grow / 2, y, w + grow, h);
    }
    stats.rects += r.length / 2;
    p.fillRects(rects, pal.roles[info.color]);
    // Narrow editor group: short row labels; the first row's label yields to the lane title.
    const label = layout.narrow ? info.short : info.label;
    const free = gutter - 6 - p.measure(label, 'small');
    const clash = (y < lane.y + 16 && free < 6 + p.measure(lane.title, 'bold') + 4) || free < 2;
    if (rowLabels && !clash) p.text(gutter - 6, y + h / 2, label, pal.muted, 'small', 'right', 'middle');
  });
}

function drawRaster(
  p: Painter,
  model: RunModel,
  m: ResultModel,
  layout: Layout,
  view: ViewWindow,
  pal: Palette,
  lane: LaneBox,
  stats: LaneStats,
): void {
  const { plotX, plotW, gutter } = layout;
  const h = lane.rasterH;
  const target = p.rasterTarget(`${lane.group}:${lane.lane}`, plotW, h);
  const seg =
    lane.kind === 'pte'
      ? cachedRowSegments(m.pte, target.height, model.guestPages, PTE_WEIGHTS)
      : cachedRowSegments(m.spte, target.height, model.guestPages, SPTE_WEIGHTS);
  const colors =
    lane.kind === 'pte'
      ? Uint32Array.from([pal.roles.none, pal.roles.present, pal.roles.protnone], toPixel)
      : Uint32Array.from([pal.roles.absent, pal.roles.spte4k, pal.roles.spte2m], toPixel);
  stats.bands += rasterizeRows(seg, view.start, view.end, colors, target);
  p.raster(plotX, lane.y, plotW, h, target);
  // Guest address axis: 0 at the top, the guest size at the bottom, evenly spaced; as many
  // intervals (8, 4, 2 or 1) as leave ADDRESS_SPACING px between labels, so they never
  // overlap. Labels sit centred on their tick, nudged inside the lane at the ends; labels
  // that would run into the lane title are left out.
  const titleEnd = 6 + p.measure(lane.title, 'bold') + 6;
  const n = [8, 4, 2, 1].find((k) => h / k >= ADDRESS_SPACING) ?? 1;
  for (let i = 0; i <= n; i++) {
    const f = i / n;
    const y = lane.y + f * h;
    const label = formatGfnAddress(Math.round(f * model.guestPages));
    p.line(gutter - 4, y, gutter, y, pal.muted, 1);
    const ly = Math.min(lane.y + h - 6, Math.max(lane.y + 6, y));
    if (ly < lane.y + 20 && gutter - 6 - p.measure(label, 'small') < titleEnd) continue;
    p.text(gutter - 6, ly, label, pal.muted, 'small', 'right', 'middle');
  }
  if (h >= 70 && !layout.narrow)
    p.text(6, lane.y + 24, 'by guest address', pal.muted, 'small', 'left', 'middle');
  p.strokeRect(plotX, lane.y, plotW, h, pal.border, 1);
}

/**
 * The counters strip: per counted kind, the run's kernel counter total (result.counters, the
 * same numbers as the counters table, whatever the view) and a row of bars, one per pixel
 * column, as tall as the log of the timeline events in that column (bursts stand out).
 */
function drawCounters(
  p: Painter,
  m: ResultModel,
  layout: Layout,
  view: ViewWindow,
  pal: Palette,
  lane: LaneBox,
): void {
  const { plotX, plotW } = layout;
  const kinds = STRIP_KINDS.map((k) => ({ k, code: KIND_CODE.get(k) ?? 0 })).filter(
    ({ code }) => m.series[code]?.t.length,
  );
  if (!kinds.length) return;
  const top = lane.y + 15;
  const rowH = (lane.h - 16) / kinds.length;
  const w = Math.max(1, Math.round(plotW));
  const span = view.end - view.start;
  let labelX = plotX + 4;
  const counters = m.result.counters;
  for (const [row, { k, code }] of kinds.entries()) {
    const s = m.series[code];
    const color = pal.roles[KIND_INFO[code].color];
    const label = stripCounterLabel(k, counters);
    if (labelX + 11 + p.measure(label, 'small') < plotX + plotW) {
      p.fillRect(labelX, lane.y + 4, 8, 8, color);
      p.text(labelX + 11, lane.y + 8, label, pal.foreground, 'small', 'left', 'middle');
      labelX += p.measure(label, 'small') + 24;
    }
    const per = new Float64Array(w);
    let max = 0;
    let prev = lowerBound(s.t, view.start);
    for (let x = 0; x < w; x++) {
      const next = lowerBound(s.t, view.start + (span * (x + 1)) / w, prev);
      per[x] = s.cum[next] - s.cum[prev];
      if (per[x] > max) max = per[x];
      prev = next;
    }
    if (max <= 0) continue;
    const base = top + (row + 1) * rowH - 1;
    const scale = (rowH - 2) / Math.log1p(max);
    const rects: number[] = [];
    for (let x = 0; x < w; x++) {
      if (!per[x]) continue;
      const bh = Math.max(1, Math.log1p(per[x]) * scale);
      rects.push(plotX + x, base - bh, 1, bh);
    }
    p.fillRects(rects, color);
  }
  // What the numbers and the bars are, when there is room after the labels.
  const note = layout.narrow
    ? 'counter totals · bars: events'
    : 'totals as in the counters table · bars: events per time slot';
  if (labelX + p.measure(note, 'small') < plotX + plotW - 4)
    p.text(plotX + plotW - 4, lane.y + 8, note, pal.muted, 'small', 'right', 'middle');
}
