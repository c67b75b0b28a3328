// kernel/sched/fair.c: task_numa_work() (+ task_scan_min/max, task_nr_scan_windows, reset_ptenuma_scan)
// Runs on the vCPU thread whose tick queued it (taskTickNuma.ts), out of the guest for the whole scan.
// It claims mm->numa_next_scan = now + this thread's numa_scan_period, pushes the thread's own node_stamp
// out by two ticks (so another thread likely wins next time), then scans from mm->numa_scan_offset: it
// skips VMAs that are hugetlb or whose policy lacks MPOL_F_MOF (vma_policy_mof(): for shmem/memfd
// without a shared policy false on 6.1, the task policy from 6.7), then protects steps of end =
// ALIGN(start + scan_size, HPAGE_SIZE) with change_prot_numa(); it stops once scan_size worth of pages
// were in steps that updated something, or 8x that much virtual space was covered. Reaching the end of
// the address space completes a pass (mm->numa_scan_seq++). The period adapts in taskNumaFault.ts.
import type { Sim } from './context';
import * as F from './facts';
import { changeProtNuma } from './changeProtNuma';
import { FN } from './causes';
import { TICK_NS } from './taskTickNuma';
import { flushTlbMmRange } from './flushTlbMmRange';
import { walkOtherVmas } from './otherVmas';
import { walkVmasWithNumab } from './taskNumaWorkVmas';

const MAX_SCAN_WINDOW = 2560;

function scanPages(sim: Sim): number {
  return sim.sc.numa_balancing.scan_size_mb * 256;
}

/** task_nr_scan_windows(): RSS in scan_size windows (at least one). */
export function nrScanWindows(sim: Sim): number {
  const rss = sim.rssPages;
  const n = scanPages(sim);
  return Math.max(1, Math.ceil(Math.max(rss, n) / n));
}

export function taskScanMinMs(sim: Sim, windows: number): number {
  const nb = sim.sc.numa_balancing;
  const w = nb.scan_size_mb < MAX_SCAN_WINDOW ? Math.floor(MAX_SCAN_WINDOW / nb.scan_size_mb) : 1;
  // At least 1 ms: task_numa_work() runs from task_tick_numa(), at most once a tick (HZ=1000). A
  // scan_size_mb of 1 or 2 makes 1000 / w round to 0, and a 0 ms period would never advance time.
  const floor = Math.max(1, Math.floor(1000 / w));
  return Math.max(floor, Math.floor(nb.scan_period_min_ms / windows));
}

export function taskScanMaxMs(sim: Sim, windows: number): number {
  return Math.max(
    taskScanMinMs(sim, windows),
    Math.floor(sim.sc.numa_balancing.scan_period_max_ms / windows),
  );
}

/** The VMA is not scanned at all: hugetlbfs, or a policy without MPOL_F_MOF (vma_policy_mof()). */
export function vmaSkipped(sim: Sim): string | null {
  if (sim.sc.guest.backing === 'hugetlbfs') return 'is_vm_hugetlb_page()';
  if (!sim.rules.vmaPolicyMof || sim.sc.mempolicy === 'bind') return '!vma_policy_mof()';
  if (sim.sc.guest.backing === 'memfd' && sim.sc.mempolicy === 'default' && !sim.rules.shmemPolicyMof)
    return '!vma_policy_mof() (shmem without a shared policy)';
  return null;
}

/** One task_numa_work() run at t on vCPU thread `vcpu` (task_tick_numa() found the mm due). */
export function taskNumaWork(sim: Sim, vcpu: number, t: number): void {
  const ns = sim.numa;
  const task = ns.tasks[vcpu];
  // numa_balancing_scan_delay_ms = 0 gave the thread a zero period: task_scan_start() (= task_scan_min()
  // without a numa_group) now
  if (task.periodMs === 0) task.periodMs = taskScanMinMs(sim, nrScanWindows(sim));
  ns.nextScanNs = t + task.periodMs * 1e6;
  task.nodeStampNs += 2 * TICK_NS;
  const prev = sim.currentVcpu;
  sim.currentVcpu = vcpu;
  const skip = vmaSkipped(sim);
  if (sim.rules.vmaScanPidFilter) {
    const seq = ns.scanSeq;
    const w = walkVmasWithNumab(sim, vcpu, t, scanPages(sim), skip);
    if (ns.scanSeq !== seq) (ns.passEndsNs ??= []).push(w.t);
    const skipped = w.skipped.length ? `; skipped (not accessed): ${w.skipped.join(', ')}` : '';
    if (skip)
      sim.rec.event(t, 'scanner', 'numa_scan', 0, sim.pages, [FN.taskNumaWork], {
        detail: `vCPU ${vcpu}'s thread: VMA skipped: ${skip}${skipped}`,
      });
    else
      sim.rec.event(t, 'scanner', 'numa_scan', w.from, w.to, [FN.taskNumaWork], {
        dur: Math.max(1, w.t - t),
        detail: `vCPU ${vcpu}'s thread: ${w.updates} pages made PROT_NONE; period ${task.periodMs} ms${skipped}`,
      });
  } else if (skip) {
    // the VMM's other VMAs are still walked, below and above the skipped guest RAM (otherVmas.ts)
    walkOtherVmas(sim, false, walkOtherVmas(sim, true, t));
    (ns.passEndsNs ??= []).push(t);
    sim.rec.event(t, 'scanner', 'numa_scan', 0, sim.pages, [FN.taskNumaWork], {
      detail: `vCPU ${vcpu}'s thread: VMA skipped: ${skip}`,
    });
  } else {
    let pages = scanPages(sim);
    let virt = pages * 8;
    let start = ns.offset;
    const scanStart = start;
    const vmaEnd = sim.pages;
    // the VMM's VMAs below guest RAM come first in a pass (otherVmas.ts)
    let tt = start === 0 ? walkOtherVmas(sim, true, t) : t;
    let updatesTotal = 0;
    for (;;) {
      const end = Math.min(F.alignUp(start + pages, F.PMD_PAGES), vmaEnd);
      const res = changeProtNuma(sim, start, end, tt);
      tt = res.t;
      updatesTotal += res.updates;
      if (res.updates) {
        pages -= end - start;
        // change_protection() -> flush_tlb_range(): the VMM's own mm, IPIs to mm_cpumask
        tt += flushTlbMmRange(sim, tt, 'numa_balancing', 1, [FN.taskNumaWork, FN.changeProtNuma]);
      }
      virt -= end - start;
      start = end;
      if (pages <= 0 || virt <= 0 || end >= vmaEnd) break;
    }
    if (start >= vmaEnd) {
      tt = walkOtherVmas(sim, false, tt); // and those above it end the pass
      ns.offset = 0; // reset_ptenuma_scan(): a pass is complete
      ns.scanSeq++;
      (ns.passEndsNs ??= []).push(t + Math.max(1, tt - t));
    } else ns.offset = start;
    sim.rec.event(t, 'scanner', 'numa_scan', scanStart, start, [FN.taskNumaWork], {
      dur: Math.max(1, tt - t),
      detail: `vCPU ${vcpu}'s thread: ${updatesTotal} pages made PROT_NONE; period ${task.periodMs} ms`,
    });
  }
  sim.currentVcpu = prev;
}
