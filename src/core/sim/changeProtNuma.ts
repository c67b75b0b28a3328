// mm/mempolicy.c: change_prot_numa() -> mm/mprotect.c: change_protection(MM_CP_PROT_NUMA)
// The page-table walk split at PUD (1 GiB) steps. Where the notifier starts depends on the variant:
// change_pmd_range() once per PUD step (<= 6.11) or change_pud_range() once per call (6.12+).
// mprotect() uses the same walk without MM_CP_PROT_NUMA (entries stay present, KVM still zaps).
import type { Sim } from './context';
import * as F from './facts';
import { changePmdRange, type ProtectCtx, type WalkResult } from './changePmdRange';
import { changePudRange } from './changePudRange';
import { FN } from './causes';

export function changeProtection(sim: Sim, a: number, b: number, t: number, ctx: ProtectCtx): WalkResult {
  const c: ProtectCtx = { ...ctx, chain: [...ctx.chain, FN.changeProtection] };
  if (sim.rules.notifierLevel === 'pud') return changePudRange(sim, a, b, t, c);
  let updates = 0;
  for (let p = a; p < b;) {
    const next = Math.min(b, F.alignDown(p, F.PUD_PAGES) + F.PUD_PAGES);
    const res = changePmdRange(sim, p, next, t, c, null);
    t = res.t;
    updates += res.updates;
    p = next;
  }
  return { t, updates };
}

export function changeProtNuma(sim: Sim, a: number, b: number, t: number): WalkResult {
  return changeProtection(sim, a, b, t, {
    protNuma: true,
    cause: 'numa_balancing',
    chain: [FN.taskNumaWork, FN.changeProtNuma],
  });
}
