// mm/mprotect.c: change_pud_range()
// From 6.12 ("mm/mprotect: push mmu notifier to PUDs") the range starts here, at the first populated
// PUD, and covers the rest of the change_protection() call ([addr, end), flags 0); change_pmd_range()
// below it no longer sends one.
import type { Sim } from './context';
import * as F from './facts';
import { changePmdRange, firstPopulated, type ProtectCtx, type WalkResult } from './changePmdRange';
import {
  mmuNotifierInvalidateRangeEnd,
  mmuNotifierInvalidateRangeStart,
  type NotifierRange,
} from './mmuNotifier';
import { FN } from './causes';

export function changePudRange(sim: Sim, a: number, b: number, t: number, ctx: ProtectCtx): WalkResult {
  const g = firstPopulated(sim, a, b);
  if (g < 0) return { t, updates: 0 };
  const rs = Math.max(a, F.alignDown(g, F.PUD_PAGES));
  const r: NotifierRange = {
    start: rs,
    end: b,
    event: 'PROTECTION_VMA',
    numa: ctx.protNuma && sim.rules.numaRangeFlag,
    cause: ctx.cause,
    chain: [...ctx.chain, FN.changePudRange],
  };
  t = mmuNotifierInvalidateRangeStart(sim, r, t);
  let updates = 0;
  for (let p = rs; p < b;) {
    const next = Math.min(b, F.alignDown(p, F.PUD_PAGES) + F.PUD_PAGES);
    const res = changePmdRange(sim, p, next, t, ctx, r);
    t = res.t;
    updates += res.updates;
    p = next;
  }
  mmuNotifierInvalidateRangeEnd(sim, r, t);
  return { t, updates };
}
