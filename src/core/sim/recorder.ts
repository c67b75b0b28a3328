// The timeline recorder: events, PTE/SPTE state bands and per-vCPU lanes. In aggregated mode (the default)
// guest-lane events merge per time slot and bands are sampled on a coarse address grid, so a 1 TiB x
// 10 min result stays small; simulate(..., { window }) records only [t0, t1) in full detail: the bands
// start with the state when the engine passes t0 and end with the state when it passes t1, and guest
// faults are stamped when their pages were touched (GuestClock), not at the start of their interval.
import type {
  EventKind,
  LaneId,
  PteState,
  SourceRef,
  SpteState,
  StateBand,
  TimelineEvent,
} from '../../protocol/simulation';
import type { PageStateStore } from './store';
import * as F from './facts';
import { pushAll } from '../safety/arrays';

export interface RecorderOptions {
  aggregated: boolean;
  t0: number;
  t1: number;
  /** Aggregation slot for guest-lane events and band sampling, ns. */
  slotNs: number;
  /** At most this many address buckets per band snapshot. */
  maxBuckets: number;
  /** Minimum time between two band snapshots, ns. */
  snapNs: number;
  /** Hard cap on recorded events (beyond it events merge into their slot). */
  maxEvents: number;
}

type Band<S extends string> = StateBand<S>;

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

/** At most this many events per guest event and interval when a window spreads faults over time. */
const MAX_GUEST_SLICES = 32;

interface GuestSlice {
  s: number;
  e: number;
  t: number;
  tEnd: number;
  inWindow: boolean;
}

const FIXED_LANES: Record<string, number> = { pte: 0, spte: 1, notifier: 2, scanner: 3 };
const laneCache = new Map<string, number>();
function laneIndex(lane: LaneId): number {
  let i = laneCache.get(lane);
  if (i === undefined) {
    i = FIXED_LANES[lane] ?? 4 + Number(lane.slice(4));
    laneCache.set(lane, i);
  }
  return i;
}
const KINDS: EventKind[] = [
  'numa_scan',
  'invalidate_range_start',
  'invalidate_range_end',
  'invalidate_span',
  'numa_protect',
  'pte_prot_none',
  'spte_zap',
  'remote_tlb_flush',
  'tlb_flush_ipi',
  'yield_flush',
  'ept_violation',
  'fault_retry',
  'hint_fault',
  'migrate',
  'migrate_fail',
  'spte_install',
  'pin',
  'unpin',
  'violation',
];
const KIND_INDEX = new Map(KINDS.map((k, i) => [k, i]));
function kindIndex(kind: EventKind): number {
  return KIND_INDEX.get(kind) ?? 31;
}

const PTE_NAMES: PteState[] = ['none', 'present', 'prot_none', 'none'];
const SPTE_NAMES: SpteState[] = ['absent', '4k', '2m', 'absent'];

export class Recorder {
  readonly events: TimelineEvent[] = [];
  readonly pteBands: Band<PteState>[] = [];
  readonly spteBands: Band<SpteState>[] = [];
  private slotted = new Map<number, TimelineEvent>();
  private lastVersion = -1;
  private openPte = new Map<string, Band<PteState>>();
  private openSpte = new Map<string, Band<SpteState>>();
  private lastSnap = -Infinity;
  /** Time of the first snapshot skipped (throttled) since the last one taken, or -1. */
  private pendingT = -1;
  /** Window edges the engine has still to pass (windowed mode): t0 (when > 0), then t1. */
  private edges: number[];
  /** The engine passed t1: the bands are closed. */
  private bandsClosed = false;
  /** Set by guestAccess.ts while a clocked guest range is faulted in. */
  guestClock: GuestClock | null = null;
  aggregated: boolean;

  constructor(readonly opts: RecorderOptions) {
    this.aggregated = opts.aggregated;
    this.edges = opts.aggregated || opts.t1 <= opts.t0 ? [] : opts.t0 > 0 ? [opts.t0, opts.t1] : [opts.t1];
  }

  /** Should guestProgress() over [from, to) tell when each page was touched? (windowed mode, overlapping) */
  wantsGuestClock(from: number, to: number): boolean {
    return !this.opts.aggregated && to >= this.opts.t0 && from < this.opts.t1;
  }

  /**
   * The engine is about to apply what happens up to t (guest accesses, then the kernel event at t):
   * snapshot the window edges strictly before t with the state as it is now.
   */
  passing(t: number, store: PageStateStore): void {
    while (this.edges.length && this.edges[0] < t) this.edge(this.edges.shift() as number, store);
  }

  /** The engine applied the guest accesses up to t (not yet the kernel event at t): edges at t. */
  reached(t: number, store: PageStateStore): void {
    while (this.edges.length && this.edges[0] <= t) this.edge(this.edges.shift() as number, store);
  }

  private edge(t: number, store: PageStateStore): void {
    if (t === this.opts.t1) this.closeBands(t, store);
    else this.snapshot(t, store, true);
  }

  /** End every band at t (the window's t1) with the state as it is now; no bands after that. */
  private closeBands(t: number, store: PageStateStore): void {
    if (this.bandsClosed) return;
    // A change the throttle skipped shows from the first skipped snapshot (or, if guest accesses made
    // it after the last snapshot, from that snapshot on).
    if (store.version !== this.lastVersion && this.lastSnap > -Infinity)
      this.snapshot(this.pendingT >= 0 ? this.pendingT : this.lastSnap, store, true);
    for (const [open, out] of [
      [this.openPte, this.pteBands],
      [this.openSpte, this.spteBands],
    ] as const) {
      for (const b of open.values()) {
        b.t1 = t;
        if (b.t1 > b.t0) (out as Band<string>[]).push(b);
      }
      open.clear();
    }
    this.bandsClosed = true;
  }

  inWindow(t: number, dur = 0): boolean {
    return t + dur >= this.opts.t0 && t < this.opts.t1;
  }

  /** A kernel-side event (scanner, notifier, zap, flush): kept one by one unless over the cap. */
  event(
    t: number,
    lane: LaneId,
    kind: EventKind,
    gfnStart: number,
    gfnEnd: number,
    cause: SourceRef[],
    extra?: Partial<TimelineEvent>,
  ): void {
    if (!this.inWindow(t, extra?.dur ?? 0)) return;
    if (this.events.length >= this.opts.maxEvents) {
      this.aggregated = true;
      this.slot(t, lane, kind, gfnStart, gfnEnd, cause, extra?.count ?? 1);
      return;
    }
    this.events.push({ t, lane, kind, gfnStart, gfnEnd, cause, ...extra });
  }

  /** A guest-lane event standing for `count` kernel events; merged per slot when aggregated. */
  guest(
    t: number,
    lane: LaneId,
    kind: EventKind,
    gfnStart: number,
    gfnEnd: number,
    cause: SourceRef[],
    count: number,
    detail?: string,
    /** 1: `count` is per 4 KiB page of [gfnStart, gfnEnd); F.PMD_PAGES: per 2 MiB region starting in it. */
    unitPages = 1,
  ): void {
    if (count <= 0) return;
    const clock = this.guestClock;
    if (clock && clock.lane === lane) {
      for (const sl of this.spread(clock, gfnStart, gfnEnd, count, unitPages)) {
        const dur = sl.tEnd > sl.t ? { dur: sl.tEnd - sl.t } : {};
        if (!this.aggregated)
          this.event(sl.t, lane, kind, sl.s, sl.e, cause, { ...dur, count: sl.count, detail });
        else this.slot(sl.t, lane, kind, sl.s, sl.e, cause, sl.count);
      }
      return;
    }
    if (!this.inWindow(t)) return;
    if (!this.aggregated) return this.event(t, lane, kind, gfnStart, gfnEnd, cause, { count, detail });
    this.slot(t, lane, kind, gfnStart, gfnEnd, cause, count);
  }

  /**
   * Split a guest event over [s, e) standing for `count` events (one per `unitPages` pages: 1 = per 4 KiB
   * page, PMD_PAGES = per 2 MiB region starting in [s, e)) by when its pages were touched: at most
   * MAX_GUEST_SLICES time slices of the part of the interval inside the window; slices outside it are
   * dropped. The counts of all slices, inside the window or not, add up to `count`.
   */
  private spread(
    clock: GuestClock,
    s: number,
    e: number,
    count: number,
    unitPages: number,
  ): { s: number; e: number; t: number; tEnd: number; count: number }[] {
    const { t0, t1 } = this.opts;
    const span = Math.min(clock.to, t1) - Math.max(clock.from, t0);
    const width = Math.max(this.opts.slotNs, Math.ceil(Math.max(1, span) / MAX_GUEST_SLICES));
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
    const units = (x: GuestSlice): number =>
      unitPages > 1 ? F.chunkStarts(x.s, x.e) : Math.max(0, x.e - x.s);
    let total = 0;
    for (const x of slices) total += units(x);
    if (total === 0) return [];
    const out: { s: number; e: number; t: number; tEnd: number; count: number }[] = [];
    let cum = 0;
    for (const x of slices) {
      const u = units(x);
      const n = Math.floor((count * (cum + u)) / total) - Math.floor((count * cum) / total);
      cum += u;
      if (n > 0 && x.inWindow && x.e > x.s) out.push({ s: x.s, e: x.e, t: x.t, tEnd: x.tEnd, count: n });
    }
    return out;
  }

  private slot(
    t: number,
    lane: LaneId,
    kind: EventKind,
    s: number,
    e: number,
    cause: SourceRef[],
    count: number,
  ): void {
    const slot = Math.floor(t / this.opts.slotNs);
    const key = (slot * 4096 + laneIndex(lane)) * 32 + kindIndex(kind);
    const ev = this.slotted.get(key);
    if (ev) {
      ev.count = (ev.count ?? 1) + count;
      ev.gfnStart = Math.min(ev.gfnStart, s);
      ev.gfnEnd = Math.max(ev.gfnEnd, e);
    } else {
      this.slotted.set(key, {
        t: slot * this.opts.slotNs,
        dur: this.opts.slotNs,
        lane,
        kind,
        gfnStart: s,
        gfnEnd: e,
        cause,
        count,
      });
    }
  }

  /** Sample the PTE and SPTE state of all guest RAM at time t (throttled to one per slot when aggregated). */
  snapshot(t: number, store: PageStateStore, force = false): void {
    if (this.bandsClosed || !this.inWindow(t)) return;
    if (!force && t - this.lastSnap < this.opts.snapNs) {
      if (store.version !== this.lastVersion && this.pendingT < 0) this.pendingT = t;
      return;
    }
    if (!force && store.version === this.lastVersion) return;
    this.pendingT = -1;
    this.lastSnap = t;
    this.lastVersion = store.version;
    const runs: { start: number; end: number; facts: number }[] = [];
    store.forEach(0, store.pages, (start, end, facts) => {
      const last = runs[runs.length - 1];
      if (last && F.pte(last.facts) === F.pte(facts) && F.spte(last.facts) === F.spte(facts)) last.end = end;
      else runs.push({ start, end, facts });
    });
    this.sample(t, runs, (f) => F.pte(f), PTE_NAMES, this.openPte, this.pteBands, store.pages);
    this.sample(t, runs, (f) => F.spte(f), SPTE_NAMES, this.openSpte, this.spteBands, store.pages);
  }

  private sample<S extends string>(
    t: number,
    runs: { start: number; end: number; facts: number }[],
    get: (f: number) => number,
    names: S[],
    open: Map<string, Band<S>>,
    out: Band<S>[],
    pages: number,
  ): void {
    const cells: { s: number; e: number; st: number }[] = [];
    const bucket = Math.max(1, F.alignUp(Math.ceil(pages / this.opts.maxBuckets), F.PMD_PAGES));
    let bestLen: number[] = [];
    let cur = -1;
    for (const r of runs) {
      const st = get(r.facts);
      for (let g = r.start; g < r.end;) {
        const b = Math.floor(g / bucket);
        const be = Math.min(r.end, (b + 1) * bucket);
        if (b !== cur) {
          cur = b;
          bestLen = [0, 0, 0, 0];
          cells.push({ s: b * bucket, e: Math.min(pages, (b + 1) * bucket), st });
        }
        bestLen[st] += be - g;
        const cell = cells[cells.length - 1];
        if (bestLen[st] > bestLen[cell.st]) cell.st = st;
        g = be;
      }
    }
    const merged: { s: number; e: number; st: number }[] = [];
    for (const c of cells) {
      const last = merged[merged.length - 1];
      if (last && last.st === c.st && last.e === c.s) last.e = c.e;
      else merged.push({ ...c });
    }
    const next = new Map<string, Band<S>>();
    for (const c of merged) {
      const key = `${c.s}:${c.e}:${c.st}`;
      const prev = open.get(key);
      if (prev) {
        next.set(key, prev);
        open.delete(key);
      } else next.set(key, { t0: t, t1: t, gfnStart: c.s, gfnEnd: c.e, state: names[c.st] });
    }
    for (const b of open.values()) {
      b.t1 = t;
      if (b.t1 > b.t0) out.push(b);
    }
    open.clear();
    for (const [k, b] of next) open.set(k, b);
  }

  /** Close every open band at t and flush the slotted events, sorted by time. */
  finish(t: number, store: PageStateStore): void {
    // A window that ends after the run: close its bands at the end of the run.
    if (!this.bandsClosed && !this.opts.aggregated) this.closeBands(Math.min(t, this.opts.t1), store);
    if (!this.bandsClosed) {
      this.snapshot(Math.min(t, this.opts.t1 - 1), store, true);
      for (const [open, out] of [
        [this.openPte, this.pteBands],
        [this.openSpte, this.spteBands],
      ] as const) {
        for (const b of open.values()) {
          b.t1 = Math.min(t, this.opts.t1);
          (out as Band<string>[]).push(b);
        }
        open.clear();
      }
    }
    pushAll(this.events, this.slotted.values());
    this.events.sort((a, b) => a.t - b.t || a.lane.localeCompare(b.lane) || a.kind.localeCompare(b.kind));
    this.pteBands.sort((a, b) => a.t0 - b.t0 || a.gfnStart - b.gfnStart);
    this.spteBands.sort((a, b) => a.t0 - b.t0 || a.gfnStart - b.gfnStart);
  }
}
