// Level-of-detail index of one lane's events: sorted typed arrays plus a pyramid of
// per-time-bucket kind bitmasks, so a frame draws at most one rect per pixel column per
// row whatever the event count. DOM-free.
import type { LaneId } from '../../protocol/simulation';
import type { EventColumns, LaneColumns } from './decode';
import { KIND_INFO } from './kinds';

/** Finest pyramid level: 2^15 buckets over the run. */
const FINEST_BUCKETS = 1 << 15;
/** Spans covering more finest buckets than this are kept aside and drawn one by one. */
const LONG_BUCKETS = 64;

export interface LaneIndex {
  lane: LaneId;
  n: number;
  t: Float64Array;
  end: Float64Array;
  code: Uint8Array;
  /** Position of the event in the result's `timeline.events`. */
  idx: Uint32Array;
  /** Kind codes present in this lane, in canonical order: one row each. */
  rows: number[];
  rowOf: Int8Array;
  t0: number;
  levels: Uint32Array[];
  bucketNs: number[];
  /** Longest duration among events that are not in `long`. */
  maxShortDur: number;
  /** Positions (into t/end/code) of long spans; `isLong` flags them. */
  long: number[];
  isLong: Uint8Array;
}

/** Indexes every lane of the decoded events. */
export function indexEvents(cols: EventColumns, t0: number, t1: number): Map<LaneId, LaneIndex> {
  const out = new Map<LaneId, LaneIndex>();
  for (const [lane, l] of cols.lanes) out.set(lane, indexLane(lane, l, t0, t1));
  return out;
}

function indexLane(lane: LaneId, l: LaneColumns, t0: number, t1: number): LaneIndex {
  const n = l.n;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) if (l.t[i] < l.t[i - 1]) sorted = false;
  let { t, end, code, idx: order } = l;
  if (!sorted) {
    const perm = Uint32Array.from(t.keys()).sort((a, b) => l.t[a] - l.t[b] || a - b);
    t = Float64Array.from(perm, (p) => l.t[p]);
    end = Float64Array.from(perm, (p) => l.end[p]);
    code = Uint8Array.from(perm, (p) => l.code[p]);
    order = Uint32Array.from(perm, (p) => l.idx[p]);
  }
  const present = new Uint8Array(KIND_INFO.length);
  for (let i = 0; i < n; i++) present[code[i]] = 1;
  const rows: number[] = [];
  const rowOf = new Int8Array(KIND_INFO.length).fill(-1);
  for (let c = 0; c < present.length; c++) if (present[c]) rowOf[c] = rows.push(c) - 1;

  const span = Math.max(t1 - t0, 1);
  const bw = span / FINEST_BUCKETS;
  const finest = new Uint32Array(FINEST_BUCKETS);
  const long: number[] = [];
  const isLong = new Uint8Array(n);
  let maxShortDur = 0;
  for (let i = 0; i < n; i++) {
    const b0 = Math.min(FINEST_BUCKETS - 1, Math.max(0, Math.floor((t[i] - t0) / bw)));
    const b1 = Math.min(FINEST_BUCKETS - 1, Math.max(b0, Math.floor((end[i] - t0) / bw)));
    if (b1 - b0 > LONG_BUCKETS) {
      long.push(i);
      isLong[i] = 1;
      continue;
    }
    const bit = 1 << code[i];
    for (let b = b0; b <= b1; b++) finest[b] |= bit;
    if (end[i] - t[i] > maxShortDur) maxShortDur = end[i] - t[i];
  }
  const levels = [finest];
  const bucketNs = [bw];
  while (levels[levels.length - 1].length > 1) {
    const prev = levels[levels.length - 1];
    const next = new Uint32Array(prev.length >> 1);
    for (let b = 0; b < next.length; b++) next[b] = prev[2 * b] | prev[2 * b + 1];
    levels.push(next);
    bucketNs.push(bucketNs[bucketNs.length - 1] * 2);
  }
  return { lane, n, t, end, code, idx: order, rows, rowOf, t0, levels, bucketNs, maxShortDur, long, isLong };
}

/** First position whose t ≥ value. */
export function lowerBound(a: Float64Array, value: number, lo = 0, hi = a.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First position whose t > value. */
export function upperBound(a: Float64Array, value: number, lo = 0, hi = a.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Per row, the x ranges to fill: pairs [x0, x1, x0, x1, …] in pixel units relative to the plot. */
export type RowRuns = number[][];

/**
 * What to draw for the window [a, b) over `width` pixel columns: per row, merged runs of
 * columns. Uses the pyramid when a bucket is narrower than a column, else the events.
 */
export function laneRuns(ix: LaneIndex, a: number, b: number, width: number): RowRuns {
  const runs: RowRuns = ix.rows.map(() => []);
  const px = (b - a) / width;
  if (px >= ix.bucketNs[0]) pyramidRuns(ix, a, px, width, runs);
  else directRuns(ix, a, b, px, runs);
  for (const i of ix.long) {
    if (ix.end[i] < a || ix.t[i] > b) continue;
    // Long spans may start before runs already pushed: append without merging.
    const s = Math.max(0, Math.floor((ix.t[i] - a) / px));
    const e = Math.min(width, Math.max(s + 1, Math.ceil((ix.end[i] - a) / px)));
    if (e > s) runs[ix.rowOf[ix.code[i]]].push(s, e);
  }
  return runs;
}

function push(r: number[], x0: number, x1: number, width: number): void {
  const s = Math.max(0, Math.floor(x0));
  const e = Math.min(width, Math.max(s + 1, Math.ceil(x1)));
  if (e <= s) return;
  const n = r.length;
  if (n && r[n - 1] >= s) {
    if (e > r[n - 1]) r[n - 1] = e;
    return;
  }
  r.push(s, e);
}

function pyramidRuns(ix: LaneIndex, a: number, px: number, width: number, runs: RowRuns): void {
  let level = 0;
  while (level + 1 < ix.levels.length && ix.bucketNs[level + 1] <= px) level++;
  const masks = ix.levels[level];
  const bw = ix.bucketNs[level];
  const rowCount = ix.rows.length;
  const open = new Int32Array(rowCount).fill(-1);
  const nb = masks.length;
  for (let x = 0; x <= width; x++) {
    let m = 0;
    if (x < width) {
      const b0 = Math.floor((a + x * px - ix.t0) / bw);
      const b1 = Math.floor((a + (x + 1) * px - ix.t0) / bw);
      for (let bk = Math.max(0, b0); bk <= b1 && bk < nb; bk++) m |= masks[bk];
    }
    for (let r = 0; r < rowCount; r++) {
      const on = (m >>> ix.rows[r]) & 1;
      if (on && open[r] < 0) open[r] = x;
      else if (!on && open[r] >= 0) {
        runs[r].push(open[r], x);
        open[r] = -1;
      }
    }
  }
}

function directRuns(ix: LaneIndex, a: number, b: number, px: number, runs: RowRuns): void {
  const width = Math.round((b - a) / px);
  const from = lowerBound(ix.t, a - ix.maxShortDur);
  const to = lowerBound(ix.t, b);
  // Events are sorted by start, so each row's runs come in x order and merge in place.
  for (let i = from; i < to; i++) {
    if (ix.isLong[i] || ix.end[i] < a) continue;
    push(runs[ix.rowOf[ix.code[i]]], (ix.t[i] - a) / px, (ix.end[i] - a) / px, width);
  }
}
