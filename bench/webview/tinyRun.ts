// Small hand-made timelines for the webview and export unit tests (test/unit/webview*, export*).
import type { TimelineRun } from '../../src/protocol/messages';
import {
  emptyCostNs,
  emptyCounters,
  type EventKind,
  type LaneId,
  type SimulationResult,
  type TimelineEvent,
} from '../../src/protocol/simulation';

export function ev(t: number, lane: LaneId, kind: EventKind, dur?: number, g0 = 0, g1 = 1): TimelineEvent {
  const e: TimelineEvent = {
    t,
    lane,
    kind,
    gfnStart: g0,
    gfnEnd: g1,
    cause: [{ file: 'mm/x.c', fn: `${kind}_fn` }],
  };
  if (dur !== undefined) e.dur = dur;
  return e;
}

export function result(variant: string, events: TimelineEvent[], t1 = 1000): SimulationResult {
  const counters = emptyCounters();
  counters.remote_tlb_flush = events.filter((e) => e.kind === 'remote_tlb_flush').length;
  counters.ept_violations = events.filter((e) => e.kind === 'ept_violation').length;
  return {
    variant,
    scenario: 'tiny',
    seed: 7,
    durationNs: t1,
    counters,
    by_cause: {},
    cost_ns: emptyCostNs(),
    violations: [],
    timeline: {
      t0: 0,
      t1,
      guestPages: 1024,
      vcpus: 2,
      aggregated: false,
      events,
      pteBands: [
        { t0: 0, t1: 500, gfnStart: 0, gfnEnd: 1024, state: 'present' },
        { t0: 500, t1: 1000, gfnStart: 0, gfnEnd: 512, state: 'prot_none' },
        { t0: 500, t1: 1000, gfnStart: 512, gfnEnd: 1024, state: 'present' },
      ],
      spteBands: [
        { t0: 0, t1: 600, gfnStart: 0, gfnEnd: 1024, state: '2m' },
        { t0: 600, t1: 1000, gfnStart: 0, gfnEnd: 1024, state: 'absent' },
      ],
    },
  };
}

/** Two variants: v-a flushes twice, v-b once; one notifier span, vCPU faults. */
export function tinyRun(): TimelineRun {
  const a = [
    ev(100, 'scanner', 'numa_scan', 10),
    ev(110, 'notifier', 'invalidate_span', 300, 0, 512),
    ev(120, 'spte', 'spte_zap', 50, 0, 512),
    ev(180, 'spte', 'remote_tlb_flush'),
    ev(400, 'spte', 'remote_tlb_flush'),
    ev(200, 'vcpu0', 'ept_violation', 20, 5, 6),
    ev(700, 'vcpu1', 'ept_violation', 20, 7, 8),
  ].sort((x, y) => x.t - y.t);
  const b = [
    ev(100, 'scanner', 'numa_scan', 10),
    ev(180, 'spte', 'remote_tlb_flush'),
    ev(250, 'vcpu0', 'fault_retry', 5),
  ];
  return { title: 'tiny run', scenario: 'tiny', results: [result('v-a', a), result('v-b', b)] };
}
