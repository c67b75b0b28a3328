// kernel/sched/fair.c (6.12): task_numa_work()'s walk over the mm's VMAs with per-VMA state
// (vmaNumabState.ts), for variants with VariantRules.vmaScanPidFilter. In address order (the VMM's VMAs
// below guest RAM, guest RAM, those above it) from mm->numa_scan_offset, each suitable VMA is: given its
// numab_state on the first walk; skipped during a new VMA's scan delay; skipped if already scanned in this
// pass (prev_scan_seq, and mm->numa_scan_offset moves past it); skipped if vma_is_accessed() says the
// scanning thread has no business there (vma_pids_skipped). Otherwise change_prot_numa() steps through it
// as in 6.1 (taskNumaWork.ts); a finished VMA records prev_scan_seq. Reaching the end with VMAs skipped
// for their PIDs retries once from mm->numa_scan_offset with vma_pids_forced, which scans the first such
// VMA only; reaching the end otherwise (or finding no VMA at the offset) completes a pass
// (reset_ptenuma_scan(): mm->numa_scan_seq++). Guest RAM skipped as hugetlb or without MPOL_F_MOF stays
// unsuitable (vmaSkipped()).
import type { Sim } from './context';
import * as F from './facts';
import { changeProtNuma } from './changeProtNuma';
import { flushTlbMmRange } from './flushTlbMmRange';
import { FN } from './causes';
import { scanOtherVma } from './otherVmas';
import { guestRamKey, numabGate, numabState, vmaIsAccessed } from './vmaNumabState';

/** The mm's VMAs in address order as numab keys (other VMAs by index, guest RAM as guestRamKey()). */
function vmaOrder(sim: Sim): number[] {
  const vmas = sim.sc.vmm.other_vmas;
  const below = vmas.flatMap((v, i) => (v.below_ram ? [i] : []));
  const above = vmas.flatMap((v, i) => (v.below_ram ? [] : [i]));
  return [...below, guestRamKey(sim), ...above];
}

export interface VmaWalk {
  t: number;
  updates: number;
  /** Guest-RAM pages [from, to) this run walked (to === from: none). */
  from: number;
  to: number;
  skipped: string[];
}

/** One task_numa_work() walk at t by vCPU thread `vcpu`, budget `pages` (scan_size); `ramSkip`: vmaSkipped(). */
export function walkVmasWithNumab(
  sim: Sim,
  vcpu: number,
  t: number,
  pages: number,
  ramSkip: string | null,
): VmaWalk {
  const ns = sim.numa;
  const order = vmaOrder(sim);
  const ram = guestRamKey(sim);
  let virt = pages * 8;
  const out: VmaWalk = { t, updates: 0, from: 0, to: 0, skipped: [] };
  let pidsSkipped = false;
  let forced = false;
  for (;;) {
    // retry_pids: start = mm->numa_scan_offset; no VMA there: a pass is complete, start over
    ns.cursor ??= 0;
    if (ns.cursor >= order.length) resetPteNumaScan(sim);
    let i = ns.cursor;
    for (; i < order.length; i++) {
      const key = order[i];
      if (key === ram && ramSkip) continue;
      const st = numabState(sim, key, t);
      const gate = numabGate(sim, st, out.t);
      if (gate === 'delay') continue;
      if (gate === 'done') {
        ns.cursor = i + 1; // mm->numa_scan_offset = vma->vm_end
        ns.offset = 0;
        continue;
      }
      const started = ns.cursor === i && key === ram && ns.offset > 0;
      if (!forced && !vmaIsAccessed(sim, st, vcpu, started)) {
        pidsSkipped = true;
        out.skipped.push(key === ram ? 'guest RAM' : sim.sc.vmm.other_vmas[key].name);
        continue;
      }
      if (key !== ram) out.t = scanOtherVma(sim, key, out.t);
      else {
        let start = ns.cursor === i ? ns.offset : 0;
        out.from = start;
        for (;;) {
          const end = Math.min(F.alignUp(start + pages, F.PMD_PAGES), sim.pages);
          const res = changeProtNuma(sim, start, end, out.t);
          out.t = res.t;
          out.updates += res.updates;
          if (res.updates) {
            pages -= end - start;
            out.t += flushTlbMmRange(sim, out.t, 'numa_balancing', 1, [FN.taskNumaWork, FN.changeProtNuma]);
          }
          virt -= end - start;
          start = end;
          out.to = end;
          if (pages <= 0 || virt <= 0) {
            // goto out: mm->numa_scan_offset = start (inside the VMA, or its end)
            if (end >= sim.pages) [ns.cursor, ns.offset] = [i + 1, 0];
            else [ns.cursor, ns.offset] = [i, end];
            return out;
          }
          if (end >= sim.pages) break;
        }
      }
      st.prevScanSeq = ns.scanSeq; // the VMA's scan is complete: not again in this pass
      if (forced) {
        [ns.cursor, ns.offset] = [i + 1, 0];
        return out;
      }
    }
    if (!forced && pidsSkipped) {
      forced = true; // no VMA left and some skipped for their PIDs: force one, for forward progress
      continue;
    }
    resetPteNumaScan(sim);
    return out;
  }
}

/** reset_ptenuma_scan(): mm->numa_scan_seq++, mm->numa_scan_offset = 0. */
function resetPteNumaScan(sim: Sim): void {
  sim.numa.scanSeq++;
  sim.numa.cursor = 0;
  sim.numa.offset = 0;
}
