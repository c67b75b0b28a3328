// What each timeline event kind looks like and means: label, colour role, the kernel
// function it stands for. DOM-free (imported by the unit tests under node).
import type { EventKind } from '../../protocol/simulation';

/** Colour roles; each maps to a CSS custom property `--mnl-<role>` in media/timeline.css. */
export type ColorRole =
  | 'present'
  | 'protnone'
  | 'none'
  | 'absent'
  | 'spte4k'
  | 'spte2m'
  | 'span'
  | 'start'
  | 'end'
  | 'protect'
  | 'scan'
  | 'zap'
  | 'flush'
  | 'yield'
  | 'ipi'
  | 'exit'
  | 'retry'
  | 'hint'
  | 'migrate'
  | 'fail'
  | 'install'
  | 'pin'
  | 'unpin'
  | 'toprotnone'
  | 'violation'
  | 'placement'
  | 'hostflush'
  | 'guest';

export interface KindInfo {
  kind: EventKind;
  label: string;
  /** Row label in a narrow editor group. */
  short: string;
  color: ColorRole;
  /** What the event stands for in the kernel, for the legend and tooltips. */
  fn: string;
}

/** Canonical order: rows inside a lane follow it, so the same kind sits at the same place everywhere. */
export const KIND_INFO = [
  {
    kind: 'invalidate_span',
    label: 'invalidate start…end',
    short: 'start…end',
    color: 'span',
    fn: 'mmu_notifier_invalidate_range_start/end',
  },
  {
    kind: 'invalidate_range_start',
    label: 'range_start',
    short: 'start',
    color: 'start',
    fn: 'mmu_notifier_invalidate_range_start',
  },
  {
    kind: 'invalidate_range_end',
    label: 'range_end',
    short: 'end',
    color: 'end',
    fn: 'mmu_notifier_invalidate_range_end',
  },
  {
    kind: 'numa_protect',
    label: 'numa_protect',
    short: 'protect',
    color: 'protect',
    fn: 'mmu_notifier_numa_protect',
  },
  { kind: 'numa_scan', label: 'scan step', short: 'scan', color: 'scan', fn: 'task_numa_work' },
  {
    kind: 'pte_prot_none',
    label: 'PTE→PROT_NONE',
    short: 'PROT_NONE',
    color: 'toprotnone',
    fn: 'change_pte_range',
  },
  { kind: 'spte_zap', label: 'SPTE zap', short: 'zap', color: 'zap', fn: 'kvm_unmap_gfn_range' },
  { kind: 'spte_install', label: 'SPTE install', short: 'install', color: 'install', fn: 'kvm_tdp_mmu_map' },
  {
    kind: 'remote_tlb_flush',
    label: 'remote TLB flush',
    short: 'flush',
    color: 'flush',
    fn: 'kvm_flush_remote_tlbs',
  },
  {
    kind: 'yield_flush',
    label: 'yield flush',
    short: 'yield',
    color: 'yield',
    fn: 'tdp_mmu_iter_cond_resched',
  },
  { kind: 'ept_violation', label: 'EPT violation', short: 'EPT', color: 'exit', fn: 'kvm_tdp_page_fault' },
  { kind: 'fault_retry', label: 'fault retry', short: 'retry', color: 'retry', fn: 'is_page_fault_stale' },
  { kind: 'tlb_flush_ipi', label: 'flush IPI', short: 'IPI', color: 'ipi', fn: 'kvm_make_all_cpus_request' },
  { kind: 'hint_fault', label: 'NUMA hint fault', short: 'hint', color: 'hint', fn: 'do_numa_page' },
  { kind: 'migrate', label: 'migrated', short: 'migr.', color: 'migrate', fn: 'migrate_misplaced_folio' },
  {
    kind: 'migrate_fail',
    label: 'migrate fail',
    short: 'mig. fail',
    color: 'fail',
    fn: 'migrate_misplaced_folio',
  },
  { kind: 'pin', label: 'pin', short: 'pin', color: 'pin', fn: 'pin_user_pages' },
  { kind: 'unpin', label: 'unpin', short: 'unpin', color: 'unpin', fn: 'unpin_user_pages' },
  {
    kind: 'numa_placement',
    label: 'NUMA task move',
    short: 'task move',
    color: 'placement',
    fn: 'migrate_task_to / migrate_swap (sched_*_numa, real traces)',
  },
  {
    kind: 'host_tlb_flush',
    label: 'host TLB flush',
    short: 'host flush',
    color: 'hostflush',
    fn: 'native_flush_tlb_multi (tlb:tlb_flush, real traces)',
  },
  {
    kind: 'violation',
    label: 'contract violation',
    short: 'violation',
    color: 'violation',
    fn: 'mmu notifier contract',
  },
] as const satisfies readonly KindInfo[];

/** Compile-time check: a kind added to EVENT_KINDS (protocol) and missing here fails to compile. */
type UnlistedKinds = Exclude<EventKind, (typeof KIND_INFO)[number]['kind']>;
const everyKindListed: [UnlistedKinds] extends [never] ? true : UnlistedKinds = true;
void everyKindListed;

export const KIND_CODE: ReadonlyMap<EventKind, number> = new Map(KIND_INFO.map((k, i) => [k.kind, i]));

/** Every EventKind is listed (checked above); a kind outside the protocol only reaches here from a
 * malformed run, and is drawn as a contract violation so it is seen rather than dropped. */
export function kindInfo(kind: EventKind): KindInfo {
  const code = KIND_CODE.get(kind);
  return code === undefined ? KIND_INFO[KIND_INFO.length - 1] : KIND_INFO[code];
}

export { laneRank, laneTitle } from '../../protocol/simulation';
