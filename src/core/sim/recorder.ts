// The timeline recorder: events, PTE/SPTE state bands and per-vCPU lanes. In aggregated mode (the default)
// guest-lane events merge per time slot and bands are sampled on a coarse address grid, so a 1 TiB x
// 10 min result stays small; simulate(..., { window }) records only [t0, t1) in full detail.
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
  aggregated: boolean;

  constructor(readonly opts: RecorderOptions) {
    this.aggregated = opts.aggregated;
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
  ): void {
    if (count <= 0 || !this.inWindow(t)) return;
    if (!this.aggregated) return this.event(t, lane, kind, gfnStart, gfnEnd, cause, { count, detail });
    this.slot(t, lane, kind, gfnStart, gfnEnd, cause, count);
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
    if (!this.inWindow(t)) return;
    if (!force && t - this.lastSnap < this.opts.snapNs) return;
    if (!force && store.version === this.lastVersion) return;
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
      out.push(b);
    }
    open.clear();
    for (const [k, b] of next) open.set(k, b);
  }

  /** Close every open band at t and flush the slotted events, sorted by time. */
  finish(t: number, store: PageStateStore): void {
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
    this.events.push(...this.slotted.values());
    this.events.sort((a, b) => a.t - b.t || a.lane.localeCompare(b.lane) || a.kind.localeCompare(b.kind));
    this.pteBands.sort((a, b) => a.t0 - b.t0 || a.gfnStart - b.gfnStart);
    this.spteBands.sort((a, b) => a.t0 - b.t0 || a.gfnStart - b.gfnStart);
  }
}
