import type { ScenarioVariant } from './scenarioVariants';
// The scenario: what a simulation runs on. Field names and units mirror schemas/mmulens.schema.json,
// where every field is documented. parseScenario() fills every default, so the engine sees a complete Scenario.

import type { CostModel } from '../cost/costModel';
import { NOTIFIER_OPERATIONS } from '../../protocol/simulation';

/** Guest RAM backing in the VMM (QEMU): private anon 4K, private anon with THP, hugetlbfs, shared memfd/shmem. */
export type Backing = 'anon' | 'thp' | 'hugetlbfs' | 'memfd';
export type DeviceKind = 'vfio' | 'mdev' | 'none';
export type Placement = 'interleave' | 'node0' | 'local';
export type MemPolicy = 'default' | 'bind_mof' | 'bind';
/** The host kernel's preemption model (CONFIG_PREEMPT_* or PREEMPT_DYNAMIC's preempt= boot mode). */
export type PreemptModel = 'none' | 'voluntary' | 'full';
/** kvm.nx_huge_pages (the kernel's 'auto' resolves to one of these by the CPU's iTLB-multihit bug bit). */
export type NxHugePages = 'off' | 'on';

/** Operations a scenario can schedule: the mmu-notifier producers besides NUMA balancing. */
export const OPERATIONS = NOTIFIER_OPERATIONS;
export type Operation = (typeof OPERATIONS)[number];

export type SpecialKind = 'high_refcount' | 'transient_refcount' | 'ksm' | 'zero' | 'shared';

export interface SpecialPages {
  /** First guest frame (4 KiB page index). */
  gfn: number;
  /** Number of 4 KiB pages. */
  pages: number;
  kind: SpecialKind;
  /** transient_refcount: period of the reference bursts, ms. */
  period_ms: number;
  /** transient_refcount: how long each burst holds >= 1024 references, ms. */
  high_ms: number;
}

/** A vCPU's whole-run loop: 'sweep' writes one dword per page of [gfn, gfn + pages) in order, forever; 'spin' touches nothing. */
export interface VcpuLoop {
  kind: 'sweep' | 'spin';
  gfn: number;
  /** 0 = to the end of guest RAM. */
  pages: number;
  /** Out of guest mode for this long from each scheduled operation's start (its thread shares the VMM's CPU), ms. */
  off_during_ops_ms: number;
}

export interface ScheduledOperation {
  op: Operation;
  /** First time it runs, seconds. */
  at_s: number;
  /** First guest frame of the range. */
  gfn: number;
  /** Range length in 4 KiB pages (0 = to the end of guest RAM). */
  pages: number;
  /** Repeat period, seconds (0 = once). */
  repeat_s: number;
  /** How many times in all (with repeat_s > 0). */
  times: number;
  /** migration: the target node. */
  target_node: number;
  /**
   * mremap: move the range to a scratch address outside guest RAM and back (MREMAP_MAYMOVE |
   * MREMAP_FIXED both ways, the first time over a PROT_NONE reservation), as the oracle harness does:
   * the old-range and scratch-range notifiers of both moves (sim/mremapRoundTrip.ts). false: only
   * move_page_tables()'s notifier over the range.
   */
  round_trip: boolean;
}

/**
 * One of the VMM's VMAs besides guest RAM, as task_numa_work() finds it (vmm.other_vmas; sim/otherVmas.ts):
 * the VMM's stacks, heap, data, kvm_run mappings, a small guest-code memslot. Page counts are facts of the
 * VMM's program (which pages it maps and which of them its threads write again between two scan passes).
 */
export interface OtherVma {
  name: string;
  /** Below guest RAM in the address space (walked before it in a pass) or above (after). */
  below_ram: boolean;
  /** PTEs present: > 0 means a populated PMD, so change_pmd_range()/change_pud_range() sends a notifier. */
  mapped_pages: number;
  /** Of those, the PTEs change_pte_range() makes PROT_NONE (not shared COW pages, not the zero page). */
  protectable_pages: number;
  /** Of those, the pages a thread touches again before the next pass: a hinting fault each, then present. */
  retouched_pages: number;
  /** The thread that touches them: -1 = the VMM's main thread, i = vCPU i's thread. */
  thread: number;
  /** The node the pages are on. */
  node: number;
  /** Registered as a KVM memslot: its notifier also zaps its SPTEs (kvm_unmap_gfn_range()). */
  memslot: boolean;
  /** memslot: SPTE faults after each zap (each vCPU maps the pages it executes or reads again). */
  spte_faults: number;
}

export interface Scenario {
  name: string;
  /** Variants the scenario defines (scenarioVariants.ts); [] when none. */
  variants: ScenarioVariant[];
  description: string;
  seed: number;
  duration_s: number;
  guest: { memory_gib: number; vcpus: number; backing: Backing; thp_fraction: number };
  host: {
    numa_nodes: number;
    vcpu_nodes: number[];
    placement: Placement;
    /** Preemption model the host kernel runs in. */
    preempt: PreemptModel;
    /** A CONFIG_PREEMPT_DYNAMIC build (selects CONFIG_PREEMPTION whatever the boot mode). */
    preempt_dynamic: boolean;
    /** Mean ms between need_resched() points on the CPU running a long zap (0 = never). */
    resched_ms: number;
  };
  /** How the VMM registers guest RAM with KVM: SMM address space, the memslot split at the 4 GiB hole. */
  vmm: { smm: boolean; lowmem_gib: number; other_vmas: OtherVma[] };
  /** kvm.ko parameters: the iTLB-multihit mitigation (nx_huge_pages) and its recovery worker. */
  kvm: {
    nx_huge_pages: NxHugePages;
    /** Share of guest RAM's 2 MiB regions the guest executes from (random per seed). */
    nx_exec_fraction: number;
    nx_recovery_ratio: number;
    /** 0 = 3,600,000 / ratio ms (calc_nx_huge_pages_recovery_period()). */
    nx_recovery_period_ms: number;
  };
  device: {
    kind: DeviceKind;
    mdev_pinned_fraction: number;
    mdev_chunk_mib: number;
    mdev_churn_period_s: number;
    mdev_churn_fraction: number;
  };
  workload: {
    boot_s: number;
    boot_touch_fraction: number;
    boot_touch_rate: number;
    working_set_fraction: number;
    hot_fraction: number;
    hot_share: number;
    access_rate: number;
    active_ms: number;
    idle_ms: number;
    boot_idle_ms: number;
    /** Host node every page is prefaulted on before the run (-1 = none); see vcpuLoops.ts / prefault.ts. */
    prefault_node: number;
    /** Guest time a vcpu_loops sweep loses per ns of modelled cost of its own faults (0 = none); faultPace.ts. */
    fault_pace: number;
    /** Extra guest time per VM exit + re-entry beyond cost.vm_exit_ns (a nested guest under an emulator), ns; reschedSlice.ts. */
    nested_exit_ns: number;
    /** Per-vCPU loops replacing the default streams (the oracle's toucher, contender, spinner). */
    vcpu_loops: VcpuLoop[];
  };
  numa_balancing: {
    /** The sysctl: the mm's first scan after exec, each thread's first period, 6.12's per-VMA delays. */
    scan_delay_ms: number;
    /** NUMA balancing switched on this long after the VMM started, s (taskTickNuma.ts initNumaTasks()). */
    enabled_after_s: number;
    scan_period_min_ms: number;
    scan_period_max_ms: number;
    scan_size_mb: number;
  };
  mempolicy: MemPolicy;
  special_pages: SpecialPages[];
  operations: ScheduledOperation[];
  cost: CostModel;
  /** Free-form notes: each calibrated value with its reason. */
  calibration: Record<string, string>;
}

/** A bad scenario field: the JSON path, what was expected and what was received. */
export class ScenarioError extends Error {
  constructor(
    readonly path: string,
    readonly expected: string,
    readonly received: string,
    readonly where = 'scenario',
  ) {
    super(`${where}: ${path || '(root)'}: expected ${expected}, received ${received}`);
    this.name = 'ScenarioError';
  }
}
