// What is under the pointer: an event (nearest in its row within a few pixels), on the
// PTE/SPTE rasters the state band at that time and guest address, or a contract violation's
// marker in a variant header. DOM-free.
import { bandAt } from './bandRaster';
import { lowerBound, upperBound, type LaneIndex } from './eventIndex';
import { laneAtY, rowAtY, type LaneBox, type Layout } from './layout';
import type { RunModel } from './runModel';
import { timeToX, xToTime, type ViewWindow } from './timeScale';

export type Hit =
  | { type: 'event'; group: number; lane: LaneBox; event: number }
  | {
      type: 'band';
      group: number;
      lane: LaneBox;
      which: 'pte' | 'spte';
      band: number;
      t: number;
      gfn: number;
    }
  /** A contract violation's marker in a variant's header row. */
  | { type: 'violation'; group: number; violation: number };

/** Pointer tolerance in CSS pixels. */
export const HIT_SLOP_PX = 4;

/** Nearest event of kind `code` to time `t` within ±slop ns; returns its position in `ix` or -1. */
export function nearestEvent(ix: LaneIndex, code: number, t: number, slop: number): number {
  let best = -1;
  let bestD = Infinity;
  const consider = (i: number): void => {
    if (ix.code[i] !== code) return;
    const d = t < ix.t[i] ? ix.t[i] - t : t > ix.end[i] ? t - ix.end[i] : 0;
    if (d <= slop && d < bestD) {
      bestD = d;
      best = i;
    }
  };
  const to = upperBound(ix.t, t + slop);
  for (let i = lowerBound(ix.t, t - slop - ix.maxShortDur); i < to; i++) if (!ix.isLong[i]) consider(i);
  for (const i of ix.long) consider(i);
  return best;
}

export function hitTest(
  model: RunModel,
  layout: Layout,
  view: ViewWindow,
  x: number,
  y: number,
): Hit | undefined {
  if (x < layout.plotX || x > layout.plotX + layout.plotW) return undefined;
  const header = layout.groups.findIndex((g) => y >= g.y && y < g.y + g.headerH);
  if (header >= 0) {
    const vs = model.results[header].result.violations;
    let best = -1;
    let bestD = HIT_SLOP_PX + 2;
    vs.forEach((v, i) => {
      const d = Math.abs(timeToX(v.t, view, layout.plotX, layout.plotW) - x);
      if (d <= bestD) [best, bestD] = [i, d];
    });
    return best < 0 ? undefined : { type: 'violation', group: header, violation: best };
  }
  const lane = laneAtY(layout, y);
  if (!lane || lane.kind === 'counters') return undefined;
  const m = model.results[lane.group];
  const t = xToTime(x, view, layout.plotX, layout.plotW);
  if ((lane.kind === 'pte' || lane.kind === 'spte') && y < lane.y + lane.rasterH) {
    const gfn = ((y - lane.y) / lane.rasterH) * model.guestPages;
    const band = lane.kind === 'pte' ? bandAt(m.pte, t, gfn) : bandAt(m.spte, t, gfn);
    return band < 0 ? undefined : { type: 'band', group: lane.group, lane, which: lane.kind, band, t, gfn };
  }
  const row = rowAtY(lane, y);
  const ix = m.lanes.get(lane.lane === 'counters' ? 'pte' : lane.lane);
  if (row < 0 || !ix) return undefined;
  const slop = (HIT_SLOP_PX * (view.end - view.start)) / layout.plotW;
  const i = nearestEvent(ix, lane.rows[row], t, slop);
  return i < 0 ? undefined : { type: 'event', group: lane.group, lane, event: ix.idx[i] };
}
