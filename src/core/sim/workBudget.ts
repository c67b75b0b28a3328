// The work a scenario will cost, told before it runs, and the budget it must stay within
// (docs/limits.md, "Simulation budget"). Every field of a scenario is bounded by the schema, but
// some combinations of bounded values are still too much for one run: 1,024 vCPUs switching
// between guest code and halt every microsecond for a day are billions of activity intervals
// (out of memory), a NUMA scan every millisecond for a day is 86 million engine events (hours).
// The engine refuses such a scenario with the reason instead of running out of memory or time.
//
// The estimates are upper bounds computed from the scenario alone, in the model's own terms:
//  - activity intervals: makeVcpus() stores one (start, end, cumulative) triple per run of guest
//    code per vCPU, the run and idle lengths drawn around their means (at least 1 ns each);
//  - engine events: task_numa_work() runs (at most one per period, the period never below its
//    task_scan_min() floor), mdev churns, scheduled operations;
//  - event work: each engine event steps every vCPU's access streams and walks the page-state
//    runs it touches; the runs are the pieces the scenario cuts guest RAM into (mdev chunks,
//    special page ranges, the THP/4 KiB split and interleave blocks and the NX-split stretch of each
//    GiB). A vCPU step
//    costs about four run steps (measured: 1.3 us vs 0.2-0.6 us; bench/ numbers, docs/limits.md).
import type { Scenario } from '../scenario/types';

/** What one run may cost. Every preset uses well under 1% of each. */
export const WORK_BUDGET = {
  /** mdev pin chunks (guest RAM / mdev_chunk_mib). */
  mdevChunks: 1_000_000,
  /** vCPU activity intervals (3 numbers each): about 100 MB at the limit. */
  activityIntervals: 4_000_000,
  /** Engine events (scans, churns, operations). */
  engineEvents: 2_000_000,
  /** Engine events x (4 x vCPUs + page-state runs): about 10 to 30 s of simulation at the limit (2 cores, 2026). */
  eventWork: 50_000_000,
} as const;

export interface WorkEstimate {
  activityIntervals: number;
  engineEvents: number;
  eventWork: number;
  mdevChunks: number;
  /** Page-state runs the scenario cuts guest RAM into (an estimate of the store's size). */
  runs: number;
}

const MAX_SCAN_WINDOW_MB = 2560;

/** Upper bounds of the work of simulating `sc` (any variant). */
export function estimateWork(sc: Scenario): WorkEstimate {
  const durNs = sc.duration_s * 1e9;
  const bootNs = Math.min(durNs, sc.workload.boot_s * 1e9);
  const w = sc.workload;
  const cycles = (spanNs: number, idleMs: number): number =>
    spanNs / Math.max(2, (w.active_ms + idleMs) * 1e6);
  const perVcpu = w.active_ms > 0 ? cycles(bootNs, w.boot_idle_ms) + cycles(durNs - bootNs, w.idle_ms) : 0;
  const activityIntervals = sc.guest.vcpus * (perVcpu + 1);

  const nb = sc.numa_balancing;
  const windowsPerS =
    nb.scan_size_mb < MAX_SCAN_WINDOW_MB ? Math.floor(MAX_SCAN_WINDOW_MB / nb.scan_size_mb) : 1;
  const minPeriodMs = Math.max(1, Math.floor(1000 / windowsPerS));
  const scans = Math.max(0, durNs - nb.scan_delay_ms * 1e6) / (minPeriodMs * 1e6);
  const d = sc.device;
  const churns = d.kind === 'mdev' && d.mdev_churn_period_s > 0 ? sc.duration_s / d.mdev_churn_period_s : 0;
  let ops = 0;
  for (const op of sc.operations)
    ops += op.repeat_s > 0 ? Math.min(op.times, 1 + Math.max(0, sc.duration_s - op.at_s) / op.repeat_s) : 1;
  const engineEvents = scans + churns + ops;

  const gib = Math.max(1, Math.ceil(sc.guest.memory_gib));
  const mdevChunks = d.kind === 'mdev' ? (sc.guest.memory_gib * 1024) / Math.max(2, d.mdev_chunk_mib) : 0;
  // kvm.nx_huge_pages: one executed-from stretch per GiB (markExecRegions()), two more runs each
  const nxRuns = sc.kvm.nx_huge_pages === 'on' && sc.kvm.nx_exec_fraction > 0 ? 2 * gib : 0;
  const runs =
    2 * mdevChunks * d.mdev_pinned_fraction +
    2 * sc.special_pages.length +
    2 * gib +
    nxRuns +
    sc.host.numa_nodes;
  const eventWork = engineEvents * (4 * sc.guest.vcpus + runs);
  return { activityIntervals, engineEvents, eventWork, mdevChunks, runs };
}

const LABEL: Record<keyof typeof WORK_BUDGET, string> = {
  activityIntervals: 'vCPU activity intervals (guest.vcpus x duration_s / (workload.active_ms + idle_ms))',
  engineEvents: 'engine events (NUMA scans, mdev churns, scheduled operations)',
  eventWork: 'event work (engine events x (4 x guest.vcpus + page-state runs))',
  mdevChunks: 'mdev chunks (guest.memory_gib / device.mdev_chunk_mib)',
};

const HINT: Record<keyof typeof WORK_BUDGET, string> = {
  activityIntervals: 'fewer guest.vcpus, a shorter duration_s, or longer workload.active_ms / idle_ms',
  engineEvents:
    'a shorter duration_s, a longer NUMA scan period, fewer operations.times or a longer repeat_s',
  eventWork: 'a shorter duration_s, fewer guest.vcpus, a larger device.mdev_chunk_mib or fewer special_pages',
  mdevChunks: 'a larger device.mdev_chunk_mib or a smaller guest.memory_gib',
};

const fmt = (n: number): string =>
  n >= 1e9
    ? `${(n / 1e9).toFixed(1)} billion`
    : n >= 1e6
      ? `${(n / 1e6).toFixed(1)} million`
      : String(Math.round(n));

/** Why `sc` is over the budget, or undefined when it is within it. */
export function workOverBudget(sc: Scenario): string | undefined {
  const e = estimateWork(sc);
  for (const k of Object.keys(WORK_BUDGET) as (keyof typeof WORK_BUDGET)[])
    if (!(e[k] <= WORK_BUDGET[k]))
      return `scenario ${sc.name} is over the simulation budget: about ${fmt(e[k])} ${LABEL[k]}, the limit is ${fmt(WORK_BUDGET[k])} (docs/limits.md); try ${HINT[k]}`;
  return undefined;
}

/** Thrown by createSim() for a scenario over the budget. */
export class WorkBudgetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkBudgetError';
  }
}
