// State bands (host PTE, SPTE) as a raster: x = time, y = guest address. Bands are sorted
// by start and grouped in chunks that know their latest end, so a frame visits only the
// bands it shows and writes each pixel about once. DOM-free.
import type { StateBand } from '../../protocol/simulation';
import { lowerBound } from './eventIndex';

const CHUNK = 64;

export interface BandIndex<S extends string> {
  n: number;
  states: readonly S[];
  t0: Float64Array;
  t1: Float64Array;
  g0: Float64Array;
  g1: Float64Array;
  state: Uint8Array;
  chunkMaxT1: Float64Array;
  /** Position of each band in the input array. */
  idx: Uint32Array;
}

export function indexBands<S extends string>(
  bands: readonly StateBand<S>[],
  states: readonly S[],
): BandIndex<S> {
  const n = bands.length;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) if (bands[i].t0 < bands[i - 1].t0) sorted = false;
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  if (!sorted) idx.sort((a, b) => bands[a].t0 - bands[b].t0 || a - b);
  const ix: BandIndex<S> = {
    n,
    states,
    t0: new Float64Array(n),
    t1: new Float64Array(n),
    g0: new Float64Array(n),
    g1: new Float64Array(n),
    state: new Uint8Array(n),
    chunkMaxT1: new Float64Array(Math.ceil(n / CHUNK)),
    idx,
  };
  for (let i = 0; i < n; i++) {
    const b = bands[idx[i]];
    ix.t0[i] = b.t0;
    ix.t1[i] = b.t1;
    ix.g0[i] = b.gfnStart;
    ix.g1[i] = b.gfnEnd;
    const s = states.indexOf(b.state);
    ix.state[i] = s < 0 ? 0 : s;
    const c = (i / CHUNK) | 0;
    if (i % CHUNK === 0 || b.t1 > ix.chunkMaxT1[c]) ix.chunkMaxT1[c] = b.t1;
  }
  return ix;
}

/** Calls `visit(i)` for every band overlapping time [a, b), in start order. */
export function forBandsIn<S extends string>(
  ix: BandIndex<S>,
  a: number,
  b: number,
  visit: (i: number) => void,
): void {
  const last = lowerBound(ix.t0, b);
  for (let c = 0; c * CHUNK < last; c++) {
    if (ix.chunkMaxT1[c] <= a) continue;
    const to = Math.min(last, (c + 1) * CHUNK);
    for (let i = c * CHUNK; i < to; i++) if (ix.t1[i] > a) visit(i);
  }
}

export interface RasterTarget {
  width: number;
  height: number;
  /** RGBA pixels as little-endian 0xAABBGGRR (ImageData's Uint32 view). */
  pixels: Uint32Array;
}

/**
 * The bands resampled to `rows` address rows: per row, disjoint time segments holding the
 * state that covers most of the row's pages then, each state's page count multiplied by its
 * weight (a large weight makes a state win whenever present: a one-page PROT_NONE sliver).
 * Built once per row count, so a frame writes each pixel once however many bands share a
 * pixel row.
 */
export interface RowSegments {
  rows: number;
  /** Segments of row r are [rowStart[r], rowStart[r + 1]). */
  rowStart: Uint32Array;
  t0: Float64Array;
  t1: Float64Array;
  state: Uint8Array;
}

export function rowSegments<S extends string>(
  ix: BandIndex<S>,
  rows: number,
  guestPages: number,
  weights: readonly number[],
): RowSegments {
  const per = Math.max(1, guestPages) / rows;
  const rowOf = (g: number): number => Math.min(rows - 1, Math.max(0, Math.floor(g / per)));
  const first = new Uint32Array(ix.n);
  const last = new Uint32Array(ix.n);
  const inc = new Uint32Array(rows + 1);
  for (let i = 0; i < ix.n; i++) {
    first[i] = rowOf(ix.g0[i]);
    last[i] = Math.max(first[i], rowOf(Math.max(ix.g0[i], ix.g1[i] - 1e-9)));
    for (let r = first[i]; r <= last[i]; r++) inc[r + 1]++;
  }
  for (let r = 0; r < rows; r++) inc[r + 1] += inc[r];
  const members = new Uint32Array(inc[rows]);
  const fill = inc.slice(0, rows);
  for (let i = 0; i < ix.n; i++) for (let r = first[i]; r <= last[i]; r++) members[fill[r]++] = i;
  const rowStart = new Uint32Array(rows + 1);
  const t0: number[] = [];
  const t1: number[] = [];
  const state: number[] = [];
  const active = new Float64Array(ix.states.length);
  for (let r = 0; r < rows; r++) {
    rowStart[r] = t0.length;
    const m = members.subarray(inc[r], inc[r + 1]);
    // Boundaries: + the band's pages in this row at its start, − at its end; sweep in time order.
    const times = new Float64Array(m.length * 2);
    const pages = new Float64Array(m.length);
    const lo = r * per;
    const hi = lo + per;
    for (let k = 0; k < m.length; k++) {
      times[2 * k] = ix.t0[m[k]];
      times[2 * k + 1] = ix.t1[m[k]];
      pages[k] = Math.min(ix.g1[m[k]], hi) - Math.max(ix.g0[m[k]], lo);
    }
    const order = Uint32Array.from(times.keys()).sort((a, b) => times[a] - times[b] || (b & 1) - (a & 1));
    active.fill(0);
    let cur = -1;
    let since = 0;
    for (const o of order) {
      const st = ix.state[m[o >> 1]];
      active[st] += o & 1 ? -pages[o >> 1] : pages[o >> 1];
      let best = -1;
      let bestW = 0;
      for (let s2 = 0; s2 < active.length; s2++) {
        const w = active[s2] > 1e-6 ? active[s2] * (weights[s2] ?? 1) : 0;
        if (w > bestW) [best, bestW] = [s2, w];
      }
      if (best === cur) continue;
      const t = times[o];
      if (cur >= 0 && t > since) {
        t0.push(since);
        t1.push(t);
        state.push(cur);
      }
      cur = best;
      since = t;
    }
  }
  rowStart[rows] = t0.length;
  return {
    rows,
    rowStart,
    t0: Float64Array.from(t0),
    t1: Float64Array.from(t1),
    state: Uint8Array.from(state),
  };
}

const segmentCache = new WeakMap<object, Map<number, RowSegments>>();

/** rowSegments(), memoised per band index and row count (a resize changes the count). */
export function cachedRowSegments<S extends string>(
  ix: BandIndex<S>,
  rows: number,
  guestPages: number,
  weights: readonly number[],
): RowSegments {
  let byRows = segmentCache.get(ix);
  if (!byRows) segmentCache.set(ix, (byRows = new Map()));
  let seg = byRows.get(rows);
  if (!seg) byRows.set(rows, (seg = rowSegments(ix, rows, guestPages, weights)));
  return seg;
}

/**
 * Paints the segments visible in [a, b) into `out` (one segment row per pixel row);
 * `colors[state]` is the pixel value per state. Returns the segments drawn.
 */
export function rasterizeRows(
  seg: RowSegments,
  a: number,
  b: number,
  colors: Uint32Array,
  out: RasterTarget,
): number {
  const { width, height, pixels } = out;
  pixels.fill(0);
  const sx = width / (b - a);
  let drawn = 0;
  for (let r = 0; r < seg.rows && r < height; r++) {
    const hi = seg.rowStart[r + 1];
    // Segments of a row are disjoint and sorted: the first visible one ends after a.
    let lo = seg.rowStart[r];
    let top = hi;
    while (lo < top) {
      const mid = (lo + top) >>> 1;
      if (seg.t1[mid] <= a) lo = mid + 1;
      else top = mid;
    }
    const base = r * width;
    for (let i = lo; i < hi && seg.t0[i] < b; i++) {
      const x0 = Math.max(0, Math.round((seg.t0[i] - a) * sx));
      const x1 = Math.min(width, Math.max(x0 + 1, Math.round((seg.t1[i] - a) * sx)));
      pixels.fill(colors[seg.state[i]], base + x0, base + x1);
      drawn++;
    }
  }
  return drawn;
}

/** The band under (time, gfn), latest start first, or -1. */
export function bandAt<S extends string>(ix: BandIndex<S>, t: number, gfn: number): number {
  let hit = -1;
  forBandsIn(ix, t, t + 1e-9, (i) => {
    if (ix.t0[i] <= t && gfn >= ix.g0[i] && gfn < ix.g1[i]) hit = i;
  });
  return hit;
}
