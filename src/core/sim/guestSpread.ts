// Windowed mode's guest events: a guest fault interval stands for many faults, each at the time
// its page was touched (GuestClock, set by guestAccess.ts around kvm_tdp_page_fault() calls). The
// interval is split into at most MAX_GUEST_SLICES time slices inside the window, so a detail view
// shows faults where they happened instead of at the start of the interval.
import type { LaneId } from '../../protocol/simulation';
import * as F from './facts';

/**
 * When the pages of the guest range now being faulted were touched (set by guestAccess.ts around each
 * kvm_tdp_page_fault() call of an interval that overlaps the window; windowed mode only). Page p of a
 * piece [a, b) is touched at timeOf(k + p - a), non-decreasing in p, within [from, to].
 */
export interface GuestClock {
  lane: LaneId;
  pieces: { a: number; b: number; k: number }[];
  timeOf: (k: number) => number;
  from: number;
  to: number;
}

/** The recorded window and its slot width, ns. */
export interface SpreadWindow {
  t0: number;
  t1: number;
  slotNs: number;
}

/** One slice of a spread guest event: pages [s, e), touched from t to tEnd, standing for count events. */
export interface GuestSliceEvent {
  s: number;
  e: number;
  t: number;
  tEnd: number;
  count: number;
}

/** At most this many events per guest event and interval when a window spreads faults over time. */
const MAX_GUEST_SLICES = 32;

interface GuestSlice {
  s: number;
  e: number;
  t: number;
  tEnd: number;
  inWindow: boolean;
}

/**
 * Split a guest event over [s, e) standing for `count` events (one per `unitPages` pages: 1 = per 4 KiB
 * page, PMD_PAGES = per 2 MiB region starting in [s, e)) by when its pages were touched: at most
 * MAX_GUEST_SLICES time slices of the part of the interval inside the window; slices outside it are
 * dropped. The counts of all slices, inside the window or not, add up to `count`.
 */
export function spreadGuestEvent(
  win: SpreadWindow,
  clock: GuestClock,
  s: number,
  e: number,
  count: number,
  unitPages: number,
): GuestSliceEvent[] {
  const { t0, t1 } = win;
  const span = Math.min(clock.to, t1) - Math.max(clock.from, t0);
  const width = Math.max(win.slotNs, Math.ceil(Math.max(1, span) / MAX_GUEST_SLICES));
  const slices: GuestSlice[] = [];
  for (const p of clock.pieces) {
    const a = Math.max(s, p.a);
    const b = Math.min(e, p.b);
    const at = (g: number): number => clock.timeOf(p.k + g - p.a);
    for (let x = a; x < b;) {
      const tx = at(x);
      const inWindow = tx >= t0 && tx < t1;
      const bound =
        tx < t0 ? t0 : tx >= t1 ? Infinity : Math.min(t1, t0 + (Math.floor((tx - t0) / width) + 1) * width);
      // The first page at or after `bound` (times are non-decreasing along a piece).
      let lo = x + 1;
      let hi = b;
      while (lo < hi) {
        const mid = Math.floor((lo + hi) / 2);
        if (at(mid) >= bound) hi = mid;
        else lo = mid + 1;
      }
      slices.push({ s: x, e: lo, t: tx, tEnd: at(lo - 1), inWindow });
      x = lo;
    }
  }
  if (slices.length === 0) {
    // Not along the clock's pieces (should not happen): the interval's start, as in aggregated mode.
    const t = clock.from;
    return t >= t0 && t < t1 ? [{ s, e, t, tEnd: t, count }] : [];
  }
  // Cover [s, e) in address order: pages outside the pieces go with the slice before them (or the first).
  slices.sort((x, y) => x.s - y.s);
  slices[0].s = s;
  for (let i = 0; i + 1 < slices.length; i++) slices[i].e = slices[i + 1].s;
  slices[slices.length - 1].e = e;
  if (unitPages > 1) {
    // A 2 MiB region goes with the slice its first page is in, and faults when that page is touched.
    for (let i = 1; i < slices.length; i++) {
      const c = Math.min(e, F.alignUp(slices[i].s, unitPages));
      slices[i].s = c;
      slices[i - 1].e = c;
    }
    const timeAt = (g: number, or: number): number => {
      const p = clock.pieces.find((q) => q.a <= g && g < q.b);
      return p ? clock.timeOf(p.k + g - p.a) : or;
    };
    for (const x of slices) {
      if (x.e <= x.s) continue;
      x.t = timeAt(Math.min(x.e - 1, F.alignUp(x.s, unitPages)), x.t);
      x.tEnd = Math.max(x.t, timeAt(F.alignDown(x.e - 1, unitPages), x.t));
    }
  }
  const units = (x: GuestSlice): number => (unitPages > 1 ? F.chunkStarts(x.s, x.e) : Math.max(0, x.e - x.s));
  let total = 0;
  for (const x of slices) total += units(x);
  if (total === 0) return [];
  const out: GuestSliceEvent[] = [];
  let cum = 0;
  for (const x of slices) {
    const u = units(x);
    const n = Math.floor((count * (cum + u)) / total) - Math.floor((count * cum) / total);
    cum += u;
    if (n > 0 && x.inWindow && x.e > x.s) out.push({ s: x.s, e: x.e, t: x.t, tEnd: x.tEnd, count: n });
  }
  return out;
}
