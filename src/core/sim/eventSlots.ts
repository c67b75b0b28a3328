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

/** Events merged per slot of `slotNs`; each merged event spans its slot. */
export class EventSlots {
  private readonly slotted = new Map<number, TimelineEvent>();

  constructor(private readonly slotNs: number) {}

  add(
    t: number,
    lane: LaneId,
    kind: EventKind,
    s: number,
    e: number,
    cause: SourceRef[],
    count: number,
  ): void {
    const slot = Math.floor(t / this.slotNs);
    const key = slotKey(slot, lane, kind);
    const ev = this.slotted.get(key);
    if (ev) {
      ev.count = (ev.count ?? 1) + count;
      ev.gfnStart = Math.min(ev.gfnStart, s);
      ev.gfnEnd = Math.max(ev.gfnEnd, e);
    } else {
      this.slotted.set(key, {
        t: slot * this.slotNs,
        dur: this.slotNs,
        lane,
        kind,
        gfnStart: s,
        gfnEnd: e,
        cause,
        count,
      });
    }
  }

  /** The merged events, in the order their slots were first used. */
  values(): IterableIterator<TimelineEvent> {
    return this.slotted.values();
  }
}
