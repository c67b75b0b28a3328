// One sequential pass over a result's events into columns (typed arrays): global ones for
// counting kinds over time, and per-lane ones for the lane indexes, so nothing walks the
// million event objects (or jumps around in them) a second time. DOM-free.
import type { LaneId, TimelineEvent } from '../../protocol/simulation';
import { KIND_CODE, KIND_INFO } from './kinds';

/** One lane's events in input order. */
export interface LaneColumns {
  n: number;
  t: Float64Array;
  /** t + dur. */
  end: Float64Array;
  /** Kind code (index into KIND_INFO). */
  code: Uint8Array;
  /** Position of the event in the result's events. */
  idx: Uint32Array;
}

export interface EventColumns {
  n: number;
  t: Float64Array;
  code: Uint8Array;
  /** event.count ?? 1; undefined when every event counts 1. */
  count: Float64Array | undefined;
  lanes: Map<LaneId, LaneColumns>;
}

const UNKNOWN = KIND_INFO.length - 1;

function newLane(capacity: number): LaneColumns {
  const c = Math.max(16, capacity);
  return {
    n: 0,
    t: new Float64Array(c),
    end: new Float64Array(c),
    code: new Uint8Array(c),
    idx: new Uint32Array(c),
  };
}

function grow(l: LaneColumns): void {
  const c = l.t.length * 2;
  const t = new Float64Array(c);
  const end = new Float64Array(c);
  const code = new Uint8Array(c);
  const idx = new Uint32Array(c);
  t.set(l.t);
  end.set(l.end);
  code.set(l.code);
  idx.set(l.idx);
  Object.assign(l, { t, end, code, idx });
}

export function decodeEvents(events: readonly TimelineEvent[]): EventColumns {
  const n = events.length;
  const t = new Float64Array(n);
  const code = new Uint8Array(n);
  const lanes = new Map<LaneId, LaneColumns>();
  let count: Float64Array | undefined;
  // Consecutive events often share lane and kind strings: compare before hashing.
  let lastLane = '';
  let lane: LaneColumns = newLane(0);
  let lastKind = '';
  let lastCode = UNKNOWN;
  for (let i = 0; i < n; i++) {
    const e = events[i];
    const ti = e.t;
    const d = e.dur;
    const k = e.kind;
    if (k !== lastKind) {
      lastKind = k;
      lastCode = KIND_CODE.get(k) ?? UNKNOWN;
    }
    const l = e.lane;
    if (l !== lastLane) {
      lastLane = l;
      let found = lanes.get(l);
      if (!found) lanes.set(l, (found = newLane(n >> 4)));
      lane = found;
    }
    t[i] = ti;
    code[i] = lastCode;
    if (lane.n === lane.t.length) grow(lane);
    const j = lane.n++;
    lane.t[j] = ti;
    lane.end[j] = d === undefined ? ti : ti + d;
    lane.code[j] = lastCode;
    lane.idx[j] = i;
    const c = e.count;
    if (c !== undefined && c !== 1) {
      count ??= new Float64Array(n).fill(1);
      count[i] = c;
    }
  }
  for (const l of lanes.values()) {
    l.t = l.t.subarray(0, l.n);
    l.end = l.end.subarray(0, l.n);
    l.code = l.code.subarray(0, l.n);
    l.idx = l.idx.subarray(0, l.n);
  }
  return { n, t, code, count, lanes };
}
