// Aggregated mode's event slots: guest-lane events (and kernel events past the cap) merge per
// (time slot, lane, kind) into one event carrying the count and the union of the ranges. The slot
// key packs the three into one number: slot * SLOT_STRIDE + lane * KIND_STRIDE + kind.
import {
  EVENT_KINDS,
  laneRank,
  type EventKind,
  type LaneId,
  type SourceRef,
  type TimelineEvent,
} from '../../protocol/simulation';

/** Room for each kind's index in a key (EVENT_KINDS has fewer). */
const KIND_STRIDE = 32;
/** Room for each lane's index: pte, spte, notifier, scanner, then up to 4092 vCPUs. */
const LANE_SLOTS = 4096;
const KIND_INDEX: ReadonlyMap<EventKind, number> = new Map(EVENT_KINDS.map((k, i) => [k, i]));

const laneCache = new Map<string, number>();
function laneIndex(lane: LaneId): number {
  let i = laneCache.get(lane);
  if (i === undefined) laneCache.set(lane, (i = laneRank(lane)));
  return i;
}

/** The key of (time slot, lane, kind) in the slot map. */
export function slotKey(slot: number, lane: LaneId, kind: EventKind): number {
  return (slot * LANE_SLOTS + laneIndex(lane)) * KIND_STRIDE + (KIND_INDEX.get(kind) ?? KIND_STRIDE - 1);
}

/** How a merged event's range takes in another event's [s, e). */
export type RangeMerge = (ev: TimelineEvent, s: number, e: number) => void;

/** The default: the union (smallest start, largest end). */
const unionRange: RangeMerge = (ev, s, e) => {
  ev.gfnStart = Math.min(ev.gfnStart, s);
  ev.gfnEnd = Math.max(ev.gfnEnd, e);
};

/**
 * Events merged per slot of `slotNs`; each merged event spans its slot. Used by the simulator's
 * recorder and by the trace importer (which merges ranges its own way and coarsens the slots to stay
 * under a cap).
 */
export class EventSlots {
  private readonly slotted = new Map<number, TimelineEvent>();

  constructor(
    private slotWidth: number,
    private readonly mergeRange: RangeMerge = unionRange,
  ) {}

  /** The slot width, ns (doubled by each coarsen()). */
  get slotNs(): number {
    return this.slotWidth;
  }

  get size(): number {
    return this.slotted.size;
  }

  add(
    t: number,
    lane: LaneId,
    kind: EventKind,
    s: number,
    e: number,
    cause: SourceRef[],
    count: number,
  ): void {
    const slot = Math.floor(t / this.slotWidth);
    const key = slotKey(slot, lane, kind);
    const ev = this.slotted.get(key);
    if (ev) {
      ev.count = (ev.count ?? 1) + count;
      this.mergeRange(ev, s, e);
    } else {
      this.slotted.set(key, {
        t: slot * this.slotWidth,
        dur: this.slotWidth,
        lane,
        kind,
        gfnStart: s,
        gfnEnd: e,
        cause,
        count,
      });
    }
  }

  /** Doubles the slot width and merges the events again (keeps their count under a cap). */
  coarsen(): void {
    const old = [...this.slotted.values()];
    this.slotted.clear();
    this.slotWidth *= 2;
    for (const ev of old) this.add(ev.t, ev.lane, ev.kind, ev.gfnStart, ev.gfnEnd, ev.cause, ev.count ?? 1);
  }

  /** The merged events, in the order their slots were first used. */
  values(): IterableIterator<TimelineEvent> {
    return this.slotted.values();
  }
}
