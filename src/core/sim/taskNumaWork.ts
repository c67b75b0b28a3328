// kernel/sched/fair.c: task_numa_work() (+ task_scan_min/max/start, update_task_scan_period)
// Every scan period a VMM thread's task work scans from mm->numa_scan_offset: it skips VMAs that are
// hugetlb or whose policy lacks MPOL_F_MOF, then protects steps of end = ALIGN(start + scan_size,
// HPAGE_SIZE) with change_prot_numa(); it stops once scan_size worth of pages were in steps that updated
// something, or 8x that much virtual space was covered. The period starts at task_scan_start() and adapts
// between task_scan_min() and task_scan_max(): it doubles when no hinting faults were recorded or
// migrations failed, and grows by 30% when faults are mostly private (a VMM's guest RAM always is).
import type { Sim } from './context';
import * as F from './facts';
import { changeProtNuma } from './changeProtNuma';
import { FN } from './causes';

const MAX_SCAN_WINDOW = 2560;
const NUMA_PERIOD_SLOTS = 10;
const NUMA_PERIOD_THRESHOLD = 7;

function scanPages(sim: Sim): number {
  return sim.sc.numa_balancing.scan_size_mb * 256;
}

/** task_nr_scan_windows(): RSS in scan_size windows (at least one). */
function nrScanWindows(sim: Sim): number {
  const rss = sim.rssPages;
  const n = scanPages(sim);
  return Math.max(1, Math.ceil(Math.max(rss, n) / n));
}

export function taskScanMinMs(sim: Sim, windows: number): number {
  const nb = sim.sc.numa_balancing;
  const w = nb.scan_size_mb < MAX_SCAN_WINDOW ? Math.floor(MAX_SCAN_WINDOW / nb.scan_size_mb) : 1;
  const floor = Math.floor(1000 / w);
  return Math.max(floor, Math.floor(nb.scan_period_min_ms / windows));
}

export function taskScanMaxMs(sim: Sim, windows: number): number {
  return Math.max(
    taskScanMinMs(sim, windows),
    Math.floor(sim.sc.numa_balancing.scan_period_max_ms / windows),
  );
}

/** The VMA is not scanned at all: hugetlbfs, or a policy without MPOL_F_MOF. */
export function vmaSkipped(sim: Sim): string | null {
  if (sim.sc.guest.backing === 'hugetlbfs') return 'is_vm_hugetlb_page()';
  if (!sim.rules.vmaPolicyMof || sim.sc.mempolicy === 'bind') return '!vma_policy_mof()';
  return null;
}

/** One task_numa_work() run at t; returns the time of the next one. */
export function taskNumaWork(sim: Sim, t: number): number {
  const ns = sim.numa;
  const windows = nrScanWindows(sim);
  if (ns.periodMs === 0) ns.periodMs = taskScanMinMs(sim, windows); // task_scan_start()
  const next = t + ns.periodMs * 1e6;
  const skip = vmaSkipped(sim);
  if (skip) {
    sim.rec.event(t, 'scanner', 'numa_scan', 0, sim.pages, [FN.taskNumaWork], {
      detail: `VMA skipped: ${skip}`,
    });
  } else {
    let pages = scanPages(sim);
    let virt = pages * 8;
    let start = ns.offset;
    const vmaEnd = sim.pages;
    let tt = t;
    let updatesTotal = 0;
    for (;;) {
      const end = Math.min(F.alignUp(start + pages, F.PMD_PAGES), vmaEnd);
      const res = changeProtNuma(sim, start, end, tt);
      tt = res.t;
      updatesTotal += res.updates;
      if (res.updates) pages -= end - start;
      virt -= end - start;
      start = end;
      if (pages <= 0 || virt <= 0 || end >= vmaEnd) break;
    }
    ns.offset = start >= vmaEnd ? 0 : start;
    sim.rec.event(t, 'scanner', 'numa_scan', ns.offset, start, [FN.taskNumaWork], {
      dur: Math.max(1, tt - t),
      detail: `${updatesTotal} pages made PROT_NONE; period ${ns.periodMs} ms`,
    });
  }
  updateTaskScanPeriod(sim, windows);
  return next;
}

/** update_task_scan_period() with every fault private (one VMM process). */
function updateTaskScanPeriod(sim: Sim, windows: number): void {
  const ns = sim.numa;
  const min = taskScanMinMs(sim, windows);
  const max = taskScanMaxMs(sim, windows);
  if (ns.faultsLocal + ns.faultsRemote === 0 || ns.failedMigrations > 0) {
    ns.periodMs = Math.min(max, ns.periodMs * 2);
  } else {
    const slot = Math.max(1, Math.floor(ns.periodMs / NUMA_PERIOD_SLOTS));
    const psRatio = NUMA_PERIOD_SLOTS; // all faults private
    const diff = Math.max(1, psRatio - NUMA_PERIOD_THRESHOLD) * slot;
    ns.periodMs = Math.min(max, Math.max(min, ns.periodMs + diff));
  }
  ns.faultsLocal = 0;
  ns.faultsRemote = 0;
  ns.failedMigrations = 0;
}
