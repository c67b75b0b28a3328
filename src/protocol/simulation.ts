// Types of a simulation's output: shared by the core (which produces them), the CLI,
// the extension host and the timeline webview (which read them). No `vscode`, no DOM.
import type { ImportInfo } from './traceImport';

/** Every counter the simulator keeps; JSON keys are exactly these (kernel vmstat / KVM stat names). */
export const COUNTER_NAMES = [
  'numa_pte_updates',
  'numa_huge_pte_updates',
  'numa_hint_faults',
  'numa_hint_faults_local',
  'numa_pages_migrated',
  'pgmigrate_fail',
  'remote_tlb_flush',
  'remote_tlb_flush_requests',
  'kvm_unmap_hva_range',
  'kvm_unmap_gfn_range',
  'sptes_zapped_4k',
  'sptes_zapped_2m',
  'ept_violations',
  'fault_retries',
  'tlb_flush_ipis',
  'invalidate_range_start',
  'invalidate_range_end',
  'numa_protect',
  'invalidated_bytes',
  'nr_tlb_remote_flush',
  'nr_tlb_remote_flush_received',
] as const;
export type CounterName = (typeof COUNTER_NAMES)[number];
export type Counters = Record<CounterName, number>;

/** Operations a scenario can schedule: the mmu-notifier producers besides NUMA balancing. */
export const NOTIFIER_OPERATIONS = [
  'munmap',
  'madvise',
  'mprotect',
  'migration',
  'reclaim',
  'cow',
  'khugepaged',
  'ksm',
  'soft_dirty',
  'mremap',
  'release',
] as const;

/** The operation that caused a counter to move (the `by_cause` keys). */
export const CAUSES = [
  'numa_balancing',
  'numa_migration',
  'guest_fault',
  'nx_recovery',
  ...NOTIFIER_OPERATIONS,
  'vfio_pin',
  'mdev_pin',
] as const;
export type Cause = (typeof CAUSES)[number];

/** Categories of the cost model (`cost_ns` keys besides `total`). */
export const COST_CATEGORIES = [
  'spte_zap',
  'remote_tlb_flush',
  'ipi',
  'vm_exit',
  'hint_fault',
  'migration',
  'migration_fail',
  'pte_update',
  'notifier',
  'fault_retry',
  'host_tlb_flush',
] as const;
export type CostCategory = (typeof COST_CATEGORIES)[number];
export type CostNs = Record<CostCategory | 'total', number>;

/** A kernel function an event stands for: `{ file: 'mm/mprotect.c', fn: 'change_pmd_range' }`. */
export interface SourceRef {
  file: string;
  fn: string;
}

/** The lanes every run has, in their order on the timeline and in exports; vCPU lanes follow. */
export const FIXED_LANES = ['pte', 'spte', 'notifier', 'scanner'] as const;
export type FixedLane = (typeof FIXED_LANES)[number];

/** Timeline lanes: host PTE state, SPTE state, notifier spans, the NUMA scanner, one lane per vCPU. */
export type LaneId = FixedLane | `vcpu${number}`;

/** Lane titles as a reviewer reads them, and the short form for a narrow editor group. */
const FIXED_LANE_TITLES: Record<FixedLane, { title: string; short: string }> = {
  pte: { title: 'Host PTE', short: 'PTE' },
  spte: { title: 'SPTE (EPT)', short: 'SPTE' },
  notifier: { title: 'MMU notifier', short: 'Notifier' },
  scanner: { title: 'NUMA scanner', short: 'Scanner' },
};

function fixedLane(lane: LaneId): FixedLane | undefined {
  return (FIXED_LANES as readonly string[]).includes(lane) ? (lane as FixedLane) : undefined;
}

/** A lane's place: the fixed lanes 0..3, then vCPU n at 4 + n. */
export function laneRank(lane: LaneId): number {
  const fixed = fixedLane(lane);
  return fixed ? FIXED_LANES.indexOf(fixed) : FIXED_LANES.length + Number(lane.slice(4));
}

/** "Host PTE", "SPTE (EPT)", …, "vCPU 3" (`short`: "PTE", "SPTE", …). */
export function laneTitle(lane: LaneId, short = false): string {
  const fixed = fixedLane(lane);
  if (!fixed) return `vCPU ${lane.slice(4)}`;
  return short ? FIXED_LANE_TITLES[fixed].short : FIXED_LANE_TITLES[fixed].title;
}

/**
 * Every event kind, in one list: the recorder's slot keys, the page's colours and legend, the
 * Perfetto export and the trace importer all index it, so a new kind fails to compile until each
 * consumer that maps kinds handles it.
 */
export const EVENT_KINDS = [
  'numa_scan', // task_numa_work step
  'invalidate_range_start',
  'invalidate_range_end',
  'invalidate_span', // start..end as one span (dur set)
  'numa_protect',
  'pte_prot_none', // change_pte_range / change_huge_pmd made entries PROT_NONE
  'spte_zap', // kvm_unmap_gfn_range / tdp_mmu_zap_leafs
  'remote_tlb_flush', // kvm_flush_remote_tlbs
  'tlb_flush_ipi',
  'yield_flush', // tdp_mmu_iter_cond_resched flush before yielding mmu_lock
  'ept_violation',
  'fault_retry',
  'hint_fault', // do_numa_page / do_huge_pmd_numa_page
  'migrate', // migrate_misplaced_folio succeeded
  'migrate_fail', // pgmigrate_fail, PTE restored
  'spte_install',
  'pin', // pin_user_pages(FOLL_LONGTERM)
  'unpin',
  'violation',
  'numa_placement', // imported traces: sched_move_numa / sched_stick_numa / sched_swap_numa
  'host_tlb_flush', // imported traces: tlb:tlb_flush to other CPUs (remote shootdown / ipi send)
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** One event. Times are simulated nanoseconds; addresses are guest frame numbers [gfnStart, gfnEnd). */
export interface TimelineEvent {
  t: number;
  /** Duration in ns for spans (notifier start..end, a zap, a vCPU's fault handling). */
  dur?: number;
  lane: LaneId;
  kind: EventKind;
  gfnStart: number;
  gfnEnd: number;
  /** Cause chain, outermost first: task_numa_work → change_prot_numa → … → kvm_unmap_gfn_range. */
  cause: SourceRef[];
  /** How many kernel events this one stands for when the timeline is aggregated (default 1). */
  count?: number;
  detail?: string;
}

export type PteState = 'none' | 'present' | 'prot_none';
export type SpteState = 'absent' | '4k' | '2m';

/** A state held by guest range [gfnStart, gfnEnd) over simulated time [t0, t1). */
export interface StateBand<S extends string> {
  t0: number;
  t1: number;
  gfnStart: number;
  gfnEnd: number;
  state: S;
}

export type ViolationRule =
  | 'spte_present_over_prot_none'
  | 'spte_installed_during_invalidate'
  | 'unpaired_invalidate'
  | 'numa_protect_outside_numa_range';

/** A broken mmu-notifier contract (kernel-model.md §7): which event broke it, when, where. */
export interface Violation {
  rule: ViolationRule;
  t: number;
  gfnStart: number;
  gfnEnd: number;
  event: string;
  message: string;
}

export interface Timeline {
  t0: number;
  t1: number;
  guestPages: number;
  vcpus: number;
  /** True when events were merged to keep the result small; re-simulate a window for full detail. */
  aggregated: boolean;
  events: TimelineEvent[];
  pteBands: StateBand<PteState>[];
  spteBands: StateBand<SpteState>[];
}

/** What one kernel variant did on one scenario. */
export interface VariantResult {
  variant: string;
  counters: Counters;
  by_cause: Partial<Record<Cause, Partial<Counters>>>;
  cost_ns: CostNs;
  violations: Violation[];
}

export interface SimulationResult extends VariantResult {
  scenario: string;
  seed: number;
  durationNs: number;
  timeline: Timeline;
  /** Set when this "result" is a real trace imported from files (src/core/trace), not a simulation. */
  imported?: ImportInfo;
}

export function emptyCounters(): Counters {
  const c = {} as Counters;
  for (const k of COUNTER_NAMES) c[k] = 0;
  return c;
}

export function emptyCostNs(): CostNs {
  const c = { total: 0 } as CostNs;
  for (const k of COST_CATEGORIES) c[k] = 0;
  return c;
}
