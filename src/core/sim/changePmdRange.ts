// mm/mprotect.c: change_pmd_range()
// Up to 6.11 the mmu-notifier range starts here, at the first populated PMD, and runs to the end of the
// PUD-sized step: mmu_notifier_range_init(MMU_NOTIFY_PROTECTION_VMA, flags, [addr, end)). Then each PMD
// goes to change_huge_pmd() (a THP) or change_pte_range() (a PTE table). Entries made PROT_NONE are
// counted in numa_pte_updates (+ numa_huge_pte_updates per PMD); with RFC v2 patch 4 each one is
// reported through mmu_notifier_numa_protect() under the PTE/PMD lock.
import { count, spend, type Sim } from './context';
import * as F from './facts';
import { changeHugePmdProtects } from './changeHugePmd';
import { changePteRangeProtects } from './changePteRange';
import {
  mmuNotifierInvalidateRangeEnd,
  mmuNotifierInvalidateRangeStart,
  mmuNotifierNumaProtect,
  type NotifierRange,
} from './mmuNotifier';
import { violation } from './contractChecks';
import { FN } from './causes';

export interface ProtectCtx {
  protNuma: boolean;
  cause: NotifierRange['cause'];
  chain: NotifierRange['chain'];
}

export interface WalkResult {
  t: number;
  /** Pages made PROT_NONE (what change_prot_numa() returns to task_numa_work()). */
  updates: number;
}

/** First page in [a, b) with a PTE (present or PROT_NONE), or -1: the populated-table test. */
export function firstPopulated(sim: Sim, a: number, b: number): number {
  let g = -1;
  sim.store.forEach(a, b, (s, _e, f) => {
    if (g < 0 && F.pte(f) !== F.PTE_NONE) g = s;
  });
  return g;
}

export function changePmdRange(
  sim: Sim,
  a: number,
  b: number,
  t: number,
  ctx: ProtectCtx,
  outer: NotifierRange | null,
): WalkResult {
  const g = firstPopulated(sim, a, b);
  if (g < 0) return { t, updates: 0 };
  const rs = Math.max(a, F.alignDown(g, F.PMD_PAGES));
  let r = outer;
  if (!outer) {
    r = {
      start: rs,
      end: b,
      event: 'PROTECTION_VMA',
      numa: ctx.protNuma && sim.rules.numaRangeFlag,
      cause: ctx.cause,
      chain: [...ctx.chain, FN.changePmdRange],
    };
    t = mmuNotifierInvalidateRangeStart(sim, r, t);
  }
  const res = ctx.protNuma && r ? protNumaWalk(sim, r, rs, b, t) : mprotectWalk(sim, ctx, rs, b, t);
  if (!outer && r) mmuNotifierInvalidateRangeEnd(sim, r, res.t);
  return res;
}

/**
 * Without MM_CP_PROT_NUMA (mprotect()) every present entry changes; change_pmd_range() still counts each
 * huge PMD change_huge_pmd() changed in nr_huge_updates -> vmstat numa_huge_pte_updates (6.1 and 6.12
 * alike), while numa_pte_updates is only counted by change_prot_numa().
 */
function mprotectWalk(sim: Sim, ctx: ProtectCtx, a: number, b: number, t: number): WalkResult {
  let pmds = 0;
  let updates = 0;
  sim.store.forEach(a, b, (s, e, f) => {
    if (F.pte(f) !== F.PTE_PRESENT) return;
    updates += e - s;
    if (F.isHuge(f)) pmds += F.chunkStarts(s, e);
  });
  count(sim, ctx.cause, 'numa_huge_pte_updates', pmds);
  return { t, updates };
}

interface Seg {
  s: number;
  e: number;
  f: number;
  huge: boolean;
}

function protNumaWalk(sim: Sim, r: NotifierRange, a: number, b: number, t: number): WalkResult {
  const segs: Seg[] = [];
  let walked = 0;
  sim.store.forEach(a, b, (s, e, f) => {
    if (F.pte(f) === F.PTE_NONE) return;
    const huge = F.isHuge(f);
    walked += huge ? F.chunkStarts(s, e) : e - s;
    if (huge ? changeHugePmdProtects(sim, f, t) : changePteRangeProtects(sim, f, t))
      segs.push({ s, e, f, huge });
  });
  const c = sim.cost;
  let dt = walked * c.pte_walk_ns;
  spend(sim, 'pte_update', walked * c.pte_walk_ns);
  let updates = 0;
  const rules = sim.rules;
  const kvmZapsOnProtect = rules.numaProtectOp && rules.callNumaProtect && rules.kvmDeferNumaZap;
  for (const sg of segs) {
    const pmds = sg.huge ? F.chunkStarts(sg.s, sg.e) : 0;
    const entries = sg.huge ? pmds : sg.e - sg.s;
    const pages = sg.huge ? pmds * F.PMD_PAGES : entries;
    updates += pages;
    count(sim, r.cause, 'numa_pte_updates', pages);
    count(sim, r.cause, 'numa_huge_pte_updates', pmds);
    spend(sim, 'pte_update', entries * c.pte_update_ns);
    dt += entries * c.pte_update_ns;
    sim.store.update(sg.s, sg.e, (f) => F.withPte(f, F.PTE_PROT_NONE));
    const fn = sg.huge ? FN.changeHugePmd : FN.changePteRange;
    sim.rec.guest(t, 'pte', 'pte_prot_none', sg.s, sg.e, [...r.chain, fn], entries);
    if (rules.callNumaProtect) dt += mmuNotifierNumaProtect(sim, r, sg.s, sg.e, sg.f, entries, t);
    if (F.spte(sg.f) !== F.SPTE_ABSENT && !kvmZapsOnProtect)
      violation(
        sim,
        'spte_present_over_prot_none',
        t,
        sg.s,
        sg.e,
        sg.huge ? 'change_huge_pmd' : 'change_pte_range',
        'SPTE left present while the primary PTE became PROT_NONE',
      );
  }
  return { t: t + dt, updates };
}
