// The timeline recorder: events, PTE/SPTE state bands and per-vCPU lanes. In aggregated mode (the default)
// guest-lane events merge per time slot and bands are sampled on a coarse address grid, so a 1 TiB x
// 10 min result stays small; simulate(..., { window }) records only [t0, t1) in full detail: the bands
// start with the state when the engine passes t0 and end with the state when it passes t1, and guest
// faults are stamped when their pages were touched (GuestClock), not at the start of their interval.
import type { EventKind, LaneId, SourceRef, TimelineEvent } from '../../protocol/simulation';
import type { PageStateStore } from './store';
import { pushAll } from '../safety/arrays';
import { BandSampler } from './bandSampler';
import { EventSlots } from './eventSlots';
import { spreadGuestEvent, type GuestClock } from './guestSpread';

export type { GuestClock } from './guestSpread';

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

/** How finely a run is recorded: the whole run aggregated, or a window [t0, t1) in full detail. */
export function recorderOptions(durationNs: number, window?: { t0: number; t1: number }): RecorderOptions {
  if (!window)
    return {
      aggregated: true,
      t0: 0,
      t1: durationNs + 1,
      slotNs: Math.max(1e6, Math.floor(durationNs / 600)),
      maxBuckets: 128,
      snapNs: Math.max(1e6, Math.floor(durationNs / 120)),
      maxEvents: 100000,
    };
  const span = window.t1 - window.t0;
  return {
    aggregated: false,
    t0: window.t0,
    t1: window.t1,
    slotNs: Math.max(1000, Math.floor(span / 4000)),
    maxBuckets: 4096,
    snapNs: Math.max(1000, Math.floor(span / 1000)),
    maxEvents: 200000,
  };
}

export class Recorder {
  readonly events: TimelineEvent[] = [];
  private readonly bands: BandSampler;
  private readonly slots: EventSlots;
  /** Window edges the engine has still to pass (windowed mode): t0 (when > 0), then t1. */
  private edges: number[];
  /** Set by guestAccess.ts while a clocked guest range is faulted in. */
  guestClock: GuestClock | null = null;
  aggregated: boolean;

  constructor(readonly opts: RecorderOptions) {
    this.aggregated = opts.aggregated;
    this.edges = opts.aggregated || opts.t1 <= opts.t0 ? [] : opts.t0 > 0 ? [opts.t0, opts.t1] : [opts.t1];
    this.bands = new BandSampler(opts);
    this.slots = new EventSlots(opts.slotNs);
  }

  get pteBands(): BandSampler['pteBands'] {
    return this.bands.pteBands;
  }

  get spteBands(): BandSampler['spteBands'] {
    return this.bands.spteBands;
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
    if (t === this.opts.t1) this.bands.close(t, store);
    else this.bands.snapshot(t, store, true);
  }

  /** Sample the PTE and SPTE state of all guest RAM at time t (throttled to one per slot when aggregated). */
  snapshot(t: number, store: PageStateStore, force = false): void {
    this.bands.snapshot(t, store, force);
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
      this.slots.add(t, lane, kind, gfnStart, gfnEnd, cause, extra?.count ?? 1);
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
      for (const sl of spreadGuestEvent(this.opts, clock, gfnStart, gfnEnd, count, unitPages)) {
        const dur = sl.tEnd > sl.t ? { dur: sl.tEnd - sl.t } : {};
        if (!this.aggregated)
          this.event(sl.t, lane, kind, sl.s, sl.e, cause, { ...dur, count: sl.count, detail });
        else this.slots.add(sl.t, lane, kind, sl.s, sl.e, cause, sl.count);
      }
      return;
    }
    if (!this.inWindow(t)) return;
    if (!this.aggregated) return this.event(t, lane, kind, gfnStart, gfnEnd, cause, { count, detail });
    this.slots.add(t, lane, kind, gfnStart, gfnEnd, cause, count);
  }

  /** Close every open band at t and flush the slotted events, sorted by time. */
  finish(t: number, store: PageStateStore): void {
    this.bands.finish(t, store, this.opts.aggregated);
    pushAll(this.events, this.slots.values());
    this.events.sort((a, b) => a.t - b.t || a.lane.localeCompare(b.lane) || a.kind.localeCompare(b.kind));
  }
}
