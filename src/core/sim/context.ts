// The simulation context every kernel-step module receives: scenario, variant rules, cost model, the
// page-state store, KVM's invalidation state, the NUMA scanner state, counters, cost and the recorder.
import {
  emptyCounters,
  type Cause,
  type CounterName,
  type Counters,
  type CostCategory,
  type CostNs,
} from '../../protocol/simulation';
import type { Violation } from '../../protocol/simulation';
import type { CostModel } from '../cost/costModel';
import type { Scenario, ScheduledOperation } from '../scenario/types';
import type { VariantRules } from '../variants/rules';
import type { PageStateStore } from './store';
import type { Recorder } from './recorder';
import type { Vcpu } from './vcpu';
import type { NumabState } from './vmaNumabState';

/** KVM's mmu_invalidate_* state (virt/kvm/kvm_main.c). */
export interface KvmInvalidate {
  inProgress: number;
  rangeStart: number;
  rangeEnd: number;
  seq: number;
  /** The range now open is MMU_NOTIFIER_RANGE_NUMA-flagged. */
  numaFlagged: boolean;
  /** vCPUs whose fault hit the range and retry until invalidate_range_end (viaLock: through mmu_lock, pre-6.8). */
  stuck: { vcpu: number; since: number; viaLock: boolean }[];
}

/** A VMM thread's NUMA-balancing state (task_struct numa_* fields, kernel/sched/fair.c); one per vCPU thread. */
export interface NumaTask {
  /** p->numa_scan_period, ms (a cloned thread starts at numa_balancing_scan_delay_ms). */
  periodMs: number;
  /** p->node_stamp: the thread's runtime (ns) at which its last scan period began. */
  nodeStampNs: number;
  /** p->numa_scan_seq: the mm's pass number this thread last adapted its period at. */
  scanSeq: number;
  /** p->numa_faults_locality[]: remote, local, failed-migration hinting-fault pages since the last update. */
  remote: number;
  local: number;
  failed: number;
}

/** task_numa_work()'s per-mm state (mm_struct numa_*), plus the per-thread states. */
export interface NumaScanState {
  /** mm->numa_next_scan, ns. */
  nextScanNs: number;
  /** mm->numa_scan_offset, page. */
  offset: number;
  /** mm->numa_scan_seq: completed passes over the address space. */
  scanSeq: number;
  tasks: NumaTask[];
  /** Per scenario vmm.other_vmas entry: its pages now PROT_NONE (otherVmas.ts). */
  otherProtNone?: number[];
  /** vma->numab_state per VMA (vmaNumabState.ts): other VMAs by index, guest RAM after them. */
  numab?: NumabState[];
  /** When each completed pass ended (reset_ptenuma_scan()), ns. */
  passEndsNs?: number[];
  /** With the per-VMA filter: the VMA (address-order index, taskNumaWorkVmas.ts) mm->numa_scan_offset is in. */
  cursor?: number;
}

export interface Sim {
  sc: Scenario;
  rules: VariantRules;
  variantId: string;
  cost: CostModel;
  store: PageStateStore;
  pages: number;
  vcpus: Vcpu[];
  kvm: KvmInvalidate;
  numa: NumaScanState;
  /** MMF_HAS_PINNED: the mm has ever long-term pinned a page. */
  hasPinned: boolean;
  /**
   * The vCPU whose thread is in the kernel running the current step (task_numa_work() from
   * xfer_to_guest_mode_work(), or its own EPT-violation fault): out of guest mode, so it neither
   * contends for mmu_lock in the zap nor takes an IPI. -1: the VMM's other threads.
   */
  currentVcpu: number;
  /** The VMM ran mmu_notifier_release(): guest and KVM are gone. */
  released: boolean;
  counters: Counters;
  /** Per-cause counters (full objects with every key, so updates stay on one hidden class; zeros dropped in the result). */
  byCause: Partial<Record<Cause, Counters>>;
  costNs: CostNs;
  violations: Violation[];
  rec: Recorder;
  /** Pages with a PTE (present or PROT_NONE): the mm's RSS, for task_nr_scan_windows(). */
  rssPages: number;
  /** Some SPTE was aged (F.isSpteOld): guest touches must mark their pages accessed again (guestAccess.ts). */
  spteAged: boolean;
  /** Start gfns of the nx_huge_page_disallowed page tables, oldest first (kvm->arch.possible_nx_huge_pages). */
  nxSplits: number[];
  /**
   * 2 MiB regions (start gfn) where KVM keeps a 4K page table whose leaves were zapped and the host now
   * maps a huge page (a collapse): the next 2M SPTE there replaces the table and flushes (hugeSpteOverPt.ts).
   */
  emptyPt4k: Set<number>;
  /** Round-trip mremap operations whose scratch reservation the first move replaced (mremapRoundTrip.ts). */
  mremapScratchTaken: Set<ScheduledOperation>;
  /** End of the boot phase, ns. */
  bootNs: number;
  /** transient_refcount pages: burst period and high time, ns (0 = none). */
  transientPeriodNs: number;
  transientHighNs: number;
}

export function count(sim: Sim, cause: Cause, name: CounterName, n: number): void {
  if (n === 0) return;
  sim.counters[name] += n;
  let bc = sim.byCause[cause];
  if (!bc) bc = sim.byCause[cause] = emptyCounters();
  bc[name] += n;
}

export function spend(sim: Sim, cat: CostCategory, ns: number): void {
  if (ns === 0) return;
  sim.costNs[cat] += ns;
  sim.costNs.total += ns;
}

/** by_cause for the result: only the counters a cause moved. */
export function compactByCause(sim: Sim): Partial<Record<Cause, Partial<Counters>>> {
  const out: Partial<Record<Cause, Partial<Counters>>> = {};
  for (const [cause, c] of Object.entries(sim.byCause) as [Cause, Counters][]) {
    const o: Partial<Counters> = {};
    for (const [k, v] of Object.entries(c) as [keyof Counters, number][]) if (v !== 0) o[k] = v;
    out[cause] = o;
  }
  return out;
}

/** Are a transient_refcount page's >= 1024 references held at time t? */
export function transientRefsHigh(sim: Sim, t: number): boolean {
  if (sim.transientPeriodNs <= 0) return false;
  return t % sim.transientPeriodNs < sim.transientHighNs;
}
