// Chrome trace-event JSON (opens in ui.perfetto.dev and chrome://tracing): one process per
// variant, one thread track per lane, spans as complete ('X') slices, instants as 'i', and
// the PTE/SPTE state bands as counter tracks of pages per state. Pure: no DOM, no vscode.
import type { RealKernelCounters, TimelineRun } from '../../protocol/messages';
import {
  FIXED_LANES,
  laneRank,
  laneTitle,
  type LaneId,
  type SimulationResult,
  type StateBand,
  type TimelineEvent,
} from '../../protocol/simulation';
import { pushAll } from '../safety/arrays';

export type TraceEvent =
  | {
      ph: 'M';
      pid: number;
      tid?: number;
      name: 'process_name' | 'thread_name' | 'thread_sort_index';
      args: Record<string, string | number>;
    }
  | { ph: 'X'; pid: number; tid: number; name: string; cat: string; ts: number; dur: number; args: TraceArgs }
  | { ph: 'i'; pid: number; tid: number; name: string; cat: string; ts: number; s: 't'; args: TraceArgs }
  | { ph: 'C'; pid: number; name: string; ts: number; args: Record<string, number> };

export interface TraceArgs {
  gfn: string;
  cause: string[];
  count?: number;
  detail?: string;
  dur_ns?: number;
}

export interface TraceFile {
  traceEvents: TraceEvent[];
  displayTimeUnit: 'ns';
  metadata: {
    title: string;
    scenario: string;
    variants: string[];
    generator: string;
    /** The real kernels' counters (oracle results) when the run has them. */
    real?: RealKernelCounters[];
  };
}

/** Track ids: the fixed lanes 1..4, vCPU n at 100 + n. */
export function laneTid(lane: LaneId): number {
  const rank = laneRank(lane);
  return rank < FIXED_LANES.length ? rank + 1 : 100 + Number(lane.slice(4));
}

/** ns → µs, the unit of `ts` and `dur` in the trace-event format. */
const us = (ns: number): number => ns / 1000;

function args(e: TimelineEvent): TraceArgs {
  const a: TraceArgs = {
    gfn: `0x${e.gfnStart.toString(16)}-0x${e.gfnEnd.toString(16)}`,
    cause: e.cause.map((c) => `${c.file}:${c.fn}`),
  };
  if (e.count !== undefined && e.count !== 1) a.count = e.count;
  if (e.detail) a.detail = e.detail;
  return a;
}

/** Pages per state over time, as counter samples at every band boundary. */
function stateCounters<S extends string>(
  pid: number,
  name: string,
  bands: readonly StateBand<S>[],
): TraceEvent[] {
  const deltas = new Map<number, Map<S, number>>();
  const states = new Set<S>();
  const add = (t: number, s: S, pages: number): void => {
    let m = deltas.get(t);
    if (!m) deltas.set(t, (m = new Map()));
    m.set(s, (m.get(s) ?? 0) + pages);
    states.add(s);
  };
  for (const b of bands) {
    add(b.t0, b.state, b.gfnEnd - b.gfnStart);
    add(b.t1, b.state, -(b.gfnEnd - b.gfnStart));
  }
  const cur = new Map<S, number>();
  const out: TraceEvent[] = [];
  for (const t of [...deltas.keys()].sort((a, b) => a - b)) {
    for (const [s, d] of deltas.get(t)!) cur.set(s, (cur.get(s) ?? 0) + d);
    const sample: Record<string, number> = {};
    for (const s of states) sample[s] = cur.get(s) ?? 0;
    out.push({ ph: 'C', pid, name, ts: us(t), args: sample });
  }
  return out;
}

function resultEvents(r: SimulationResult, pid: number): TraceEvent[] {
  // An imported real trace is a process of its own, named so it cannot be taken for a simulation.
  const name = r.imported ? `${r.variant} (imported trace)` : r.variant;
  const out: TraceEvent[] = [{ ph: 'M', pid, name: 'process_name', args: { name } }];
  const lanes = new Set<LaneId>(FIXED_LANES);
  for (let v = 0; v < r.timeline.vcpus; v++) lanes.add(`vcpu${v}`);
  for (const e of r.timeline.events) lanes.add(e.lane);
  for (const lane of lanes) {
    const tid = laneTid(lane);
    out.push({ ph: 'M', pid, tid, name: 'thread_name', args: { name: laneTitle(lane) } });
    out.push({ ph: 'M', pid, tid, name: 'thread_sort_index', args: { sort_index: tid } });
  }
  // Slices on one track must nest; a span that would straddle the one still open is written
  // as an instant carrying its duration instead.
  const openUntil = new Map<number, number[]>();
  const sorted = [...r.timeline.events].sort((a, b) => a.t - b.t || (b.dur ?? 0) - (a.dur ?? 0));
  for (const e of sorted) {
    const tid = laneTid(e.lane);
    const stack = openUntil.get(tid) ?? [];
    while (stack.length && stack[stack.length - 1] <= e.t) stack.pop();
    const end = e.t + (e.dur ?? 0);
    const nests = !stack.length || end <= stack[stack.length - 1];
    if (e.dur && e.dur > 0 && nests) {
      stack.push(end);
      out.push({ ph: 'X', pid, tid, name: e.kind, cat: e.lane, ts: us(e.t), dur: us(e.dur), args: args(e) });
    } else {
      const a = args(e);
      if (e.dur) a.dur_ns = e.dur;
      out.push({ ph: 'i', pid, tid, name: e.kind, cat: e.lane, ts: us(e.t), s: 't', args: a });
    }
    openUntil.set(tid, stack);
  }
  pushAll(out, stateCounters(pid, 'PTE pages by state', r.timeline.pteBands));
  pushAll(out, stateCounters(pid, 'SPTE pages by state', r.timeline.spteBands));
  return out;
}

export function toTraceFile(run: TimelineRun): TraceFile {
  return {
    traceEvents: run.results.flatMap((r, i) => resultEvents(r, i + 1)),
    displayTimeUnit: 'ns',
    metadata: {
      title: run.title,
      scenario: run.scenario,
      variants: run.results.map((r) => r.variant),
      generator: 'mmu-notifier-lens',
      ...(run.real?.length ? { real: run.real } : {}),
    },
  };
}

/** The trace as JSON text (what "Export timeline… → Perfetto" writes). */
export function toPerfettoJson(run: TimelineRun): string {
  return JSON.stringify(toTraceFile(run));
}
