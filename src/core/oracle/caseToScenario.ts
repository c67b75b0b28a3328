// caseToScenario(): the simulator's scenario for a real-kernel oracle case (oracle/cases/*.json), sizes
// and all. The harness's VMM (oracle/README.md) populates the region on one node, pins it if asked, runs
// one warm-up pass so every SPTE exists, then measures a window; the scenario starts in that state
// (workload.prefault_node) and its vCPUs run the same loops (workload.vcpu_loops): the toucher sweeps the
// whole region, the contender sweeps the operation's range, the spinner stays in guest mode.
// The length follows the case: NUMA-balancing cases end after window.scan_passes completed scan passes
// (see scanPasses.ts); operation cases run the operation `repeat` times, each followed by
// window.toucher_passes_after toucher passes.
import { parseScenario } from '../scenario/parseScenario';
import type { Operation, Scenario } from '../scenario/types';
import type { OracleCase, OracleOperationKind } from './oracleCase';
import { harnessVmas } from './harnessVmas';

/** Pages per MiB (4 KiB pages). */
export const PAGES_PER_MIB = 256;

/**
 * The toucher's (and contender's) sweep speed, pages/s: one dword store per page is a few ns, a
 * re-fault a few µs on hardware; 1 µs per page keeps a pass far shorter than any scan period.
 * Not a measured rate: the harness's times are TCG times and are never used.
 */
export const SWEEP_RATE = 1_000_000;

/**
 * The pace of the QEMU TCG harness (oracle/README.md), as two scenario parameters: how much guest time a
 * NUMA migration inside a vCPU's fault costs it (workload.fault_pace, sim/faultPace.ts) and how often
 * need_resched() makes a long zap yield (host.resched_ms, sim/rwlockNeedbreak.ts). Both are fitted to
 * one real-kernel count each, never to the harness's wall times; every other case predicts.
 */
export interface HarnessPace {
  fault_pace: number;
  resched_ms: number;
  nested_exit_ns: number;
}

/**
 * fault_pace 106: fitted to nb-4k-unpinned on 6.1, numa_pte_updates (real 29,683: the scans after the
 * first find ~40% of the pages still PROT_NONE, because the toucher's migrating pass is that slow);
 * simulated 29,684 (100: 30,452; 110: 29,236). Refitted from 90 when task_tick_numa() began checking
 * the period a tick finds and the threads started with the sysctl's period (taskTickNuma.ts). resched_ms 0.45: fitted to clear-refs-soft-dirty on 6.1,
 * remote_tlb_flush_requests (real 12 for two 16,384-SPTE zaps; simulated 12; 0.35: 14, 0.5: 10). Both in
 * hardware time (the model's clock): a tick of TCG time is far less of a hardware zap.
 * nested_exit_ns 7,800: the extra guest time of each VM exit and re-entry of the toucher's stale-fault
 * retries in the slice it gets at a need_resched() yield (sim/reschedSlice.ts) — and of every other
 * stale-fault retry (staleRetryCycleNs(): during a zap, until invalidate_range_end()): QEMU emulates every
 * nested VMRUN/#VMEXIT (VMCB load and save, a softmmu TLB flush), which TCG slows far more than the host
 * kernel's own loops. Fitted to clear-refs-soft-dirty on 6.1, kvm_vcpu pf_taken (real 16,835 = 16,388
 * fixed + 447 retries in ten yields; simulated 16,834 = 16,384 + 10 slices x 45; 7,000: 16,864,
 * 9,000: 16,784).
 */
export const TCG_PACE: HarnessPace = { fault_pace: 106, resched_ms: 0.45, nested_exit_ns: 7800 };

/**
 * How long the harness VMM ran before switching NUMA balancing on (oracle/vmm/main.c: VM set-up and the
 * toucher's warm-up pass, tens of seconds of wall time under TCG outside the window): a lower bound.
 * Anything above scan_delay_ms + a period gives the same scans (both checks already passed).
 */
const WARM_UP_S = 10;

/** How long the toucher is out of guest mode from each operation's start, ms (longer than any simulated operation here). */
const OP_OFF_MS = 5;

/** When the first operation runs, seconds into the window (after the warm-up pass). */
const OP_AT_S = 0.01;

/** Each kind of case operation as the scenario's operations (two for the there-and-back ones). */
const OPS_OF_KIND: Record<Exclude<OracleOperationKind, 'numa_balancing'>, Operation[]> = {
  madvise_dontneed: ['madvise'], // madvise(MADV_DONTNEED) -> zap_page_range_single()
  mprotect: ['mprotect', 'mprotect'], // PROT_READ, then back to PROT_READ|PROT_WRITE
  munmap: ['munmap'], // munmap(), then a fresh mmap at the same address
  mremap: ['mremap'], // away to the scratch reservation and back: round_trip (sim/mremapRoundTrip.ts)
  ksm_merge: ['ksm'], // ksmd: write_protect_page() / replace_page() per merged page
  madv_collapse: ['khugepaged'], // MADV_COLLAPSE -> collapse_huge_page()
  move_pages: ['migration'], // move_pages(2) -> migrate_pages() -> try_to_migrate_one()
  madv_pageout: ['reclaim'], // MADV_PAGEOUT -> reclaim_pages() -> try_to_unmap_one()
  clear_refs_soft_dirty: ['soft_dirty'], // clear_refs_write(): the whole mm
};

const BACKING = { '4k': 'anon', thp: 'thp', memfd: 'memfd' } as const;

/** The operation's range in pages: [gfn, gfn + pages). */
export function operationRange(c: OracleCase): { gfn: number; pages: number } {
  const total = c.memory_mib * PAGES_PER_MIB;
  const k = c.operation.kind;
  if (k === 'numa_balancing' || k === 'clear_refs_soft_dirty') return { gfn: 0, pages: total };
  const gfn = (c.operation.offset_mib ?? 0) * PAGES_PER_MIB;
  const len = c.operation.length_mib !== undefined ? c.operation.length_mib * PAGES_PER_MIB : total - gfn;
  return { gfn, pages: Math.max(0, Math.min(len, total - gfn)) };
}

/** Simulated seconds one sweep of `pages` takes. */
export function sweepSeconds(pages: number): number {
  return pages / SWEEP_RATE;
}

/**
 * The scenario for a case, with `duration_s` set for operation cases. NUMA-balancing cases get a
 * provisional duration long enough for the passes; scanPasses.ts finds the real end.
 */
export function caseToScenario(c: OracleCase, pace: HarnessPace = TCG_PACE): Scenario {
  const total = c.memory_mib * PAGES_PER_MIB;
  const remote = (c.placement ?? 'remote') === 'remote';
  const spinner = c.vcpus?.spinner === true;
  const contender = c.vcpus?.contender === true;
  const range = operationRange(c);
  const kind = c.operation.kind;
  // vCPU 0 is the toucher on CPU 0 (node 0); the spinner and contender run on the other CPU (node 1).
  // The VMM's main thread, which runs the operations, is pinned to the toucher's CPU: the toucher is
  // preempted (out of guest mode) while an operation runs.
  const loops: { kind: 'sweep' | 'spin'; gfn: number; pages: number; off_during_ops_ms?: number }[] = [
    { kind: 'sweep', gfn: 0, pages: total, off_during_ops_ms: kind === 'ksm_merge' ? 0 : OP_OFF_MS },
  ];
  if (spinner) loops.push({ kind: 'spin', gfn: 0, pages: 0 });
  if (contender) loops.push({ kind: 'sweep', gfn: range.gfn, pages: range.pages });
  const nb = kind === 'numa_balancing';
  const passes = c.window.toucher_passes_after ?? 1;
  const repeat = c.operation.repeat ?? 1;
  const periodS = +(sweepSeconds(total) * Math.max(1, passes) + 0.005).toFixed(6);
  const operations =
    kind === 'numa_balancing'
      ? []
      : OPS_OF_KIND[kind].map((op, i) => ({
          op,
          at_s: +(OP_AT_S + i * 0.001).toFixed(6),
          gfn: range.gfn,
          pages: range.pages,
          repeat_s: repeat > 1 ? periodS : 0,
          times: repeat,
          target_node: c.operation.target_node ?? 0,
          ...(op === 'mremap' ? { round_trip: true } : {}),
        }));
  const json = {
    name: c.name,
    description: `Oracle case ${c.name}${c.description ? `: ${c.description}` : ''}`,
    seed: 1,
    duration_s: nb ? provisionalScanSeconds(c) : +(OP_AT_S + repeat * periodS + 0.005).toFixed(6),
    guest: {
      memory_gib: c.memory_mib / 1024,
      vcpus: loops.length,
      backing: BACKING[c.backing],
      thp_fraction: 1,
    },
    host: {
      numa_nodes: 2,
      vcpu_nodes: loops.map((_, i) => (i === 0 ? 0 : 1)),
      placement: 'local',
      resched_ms: pace.resched_ms,
    },
    // the harness VMM's own VMAs, which the NUMA scan walks with guest RAM (harnessVmas.ts)
    vmm: { other_vmas: harnessVmas(loops) },
    device: { kind: c.pinning === 'all' ? 'vfio' : 'none' },
    workload: {
      boot_s: 0,
      access_rate: SWEEP_RATE,
      prefault_node: remote ? 1 : 0,
      fault_pace: pace.fault_pace,
      nested_exit_ns: pace.nested_exit_ns,
      vcpu_loops: loops,
    },
    // NUMA balancing is switched on at the window's start, after the warm-up (numa_next_scan is long
    // past, the threads' runtime past their node_stamp); the sysctl scan delay stays at its default. For
    // operation cases it stays off.
    numa_balancing: nb ? { enabled_after_s: WARM_UP_S } : { scan_delay_ms: 1e9 },
    operations,
    calibration: {
      'workload.access_rate': `${SWEEP_RATE} pages/s: not measured (TCG times are never used); only keeps a sweep far shorter than a scan period`,
      'workload.fault_pace': `${pace.fault_pace}: fitted to nb-4k-unpinned on 6.1, vmstat numa_pte_updates (real 29,683; the TCG harness's pace of a migrating fault, see TCG_PACE)`,
      'host.resched_ms': `${pace.resched_ms}: fitted to clear-refs-soft-dirty on 6.1, kvm remote_tlb_flush_requests (real 12; need_resched() yields of the TCG zaps, see TCG_PACE)`,
      'workload.nested_exit_ns': `${pace.nested_exit_ns}: fitted to clear-refs-soft-dirty on 6.1, kvm_vcpu pf_taken (real 16,835; the emulated nested world switch of the toucher's stale-fault retries in the slices it gets at need_resched() yields, see TCG_PACE)`,
    },
  };
  return parseScenario(json, `oracle case ${c.name}`);
}

/** An upper bound for the scan passes: every scan period at its maximum (sysctl default 60 s). */
function provisionalScanSeconds(c: OracleCase): number {
  return 60 * ((c.window.scan_passes ?? 0) + 1);
}
