// The other mmu-notifier producers, at the level of which range, which event type, and what KVM then
// does (kernel-model.md §8). Range producers send one start/end pair for the whole range (KVM zaps it
// with the same contention as NUMA balancing); rmap producers (migration, reclaim, KSM, COW) send one
// pair per folio. Each op's effect on the primary PTEs is a pure function of a page's facts.
import { PAGE_SIZE } from '../../protocol/format';
import type { Cause, SourceRef } from '../../protocol/simulation';
import type { Operation, ScheduledOperation } from '../scenario/types';
import { count, spend, type Sim } from './context';
import * as F from './facts';
import {
  mmuNotifierInvalidateRangeEnd,
  mmuNotifierInvalidateRangeStart,
  type NotifyEvent,
} from './mmuNotifier';
import { changeProtection } from './changeProtNuma';
import { kvmFlushRemoteTlbs, vcpusInGuestMode } from './kvmFlushRemoteTlbs';
import { migrationMustFail } from './folio';
import { failedMigrationUnmaps } from './migratePages';
import { addressSpaces } from './kvmHandleHvaRange';
import { flushTlbMmRange } from './flushTlbMmRange';
import { keepEmptyPt4k } from './hugeSpteOverPt';
import { keepReferencedFolios } from './folioReferenced';
import { mremapRoundTrip } from './mremapRoundTrip';
import { ksmMerges, ksmReplaceCalls } from './ksmMerge';
import { migratePinnedWithSlices } from './migratePagesResched';

interface OpSpec {
  event: NotifyEvent;
  fn: SourceRef;
  /** 'range': one pair for the range; 'folio': one pair per mapped folio (4K page or THP). */
  per: 'range' | 'folio';
  /** The primary-MMU effect on one page's facts (after KVM's start handler ran). */
  effect?: (sim: Sim, f: number, op: ScheduledOperation, t: number) => number;
}

const ref = (file: string, fn: string): SourceRef => ({ file, fn });
const clear = (_sim: Sim, f: number): number =>
  F.pte(f) === F.PTE_NONE ? f : F.withPinned(F.withHuge(F.withPte(f, F.PTE_NONE), false), false);

export const OPERATION_SPECS: Record<Operation, OpSpec> = {
  munmap: { event: 'UNMAP', fn: ref('mm/memory.c', 'unmap_vmas'), per: 'range', effect: clear },
  madvise: { event: 'CLEAR', fn: ref('mm/memory.c', 'zap_page_range_single'), per: 'range', effect: clear },
  mprotect: { event: 'PROTECTION_VMA', fn: ref('mm/mprotect.c', 'change_protection'), per: 'range' },
  migration: {
    event: 'CLEAR',
    fn: ref('mm/rmap.c', 'try_to_migrate_one'),
    per: 'folio',
    effect: (sim, f, op, t) =>
      F.pte(f) === F.PTE_NONE || migrationMustFail(sim, f, t) ? f : F.withNode(f, op.target_node),
  },
  // MADV_PAGEOUT: madvise_cold_or_pageout_pte_range() -> reclaim_pages() -> shrink_folio_list()
  reclaim: {
    event: 'CLEAR',
    fn: ref('mm/rmap.c', 'try_to_unmap_one'),
    per: 'folio',
    effect: (sim, f, _op, t) => (migrationMustFail(sim, f, t) ? f : clear(sim, f)),
  },
  cow: {
    event: 'CLEAR',
    fn: ref('mm/memory.c', 'wp_page_copy'),
    per: 'folio',
    effect: (_s, f) => F.withAnonExclusive(F.withShared(f, false), true),
  },
  khugepaged: { event: 'CLEAR', fn: ref('mm/khugepaged.c', 'collapse_huge_page'), per: 'range' },
  ksm: {
    event: 'CLEAR',
    fn: ref('mm/ksm.c', 'write_protect_page'),
    per: 'folio',
    effect: (sim, f, _op, t) => (ksmMerges(sim, f, t) ? F.withShared(F.withKsm(f, true), true) : f),
  },
  soft_dirty: { event: 'SOFT_DIRTY', fn: ref('fs/proc/task_mmu.c', 'clear_refs_write'), per: 'range' },
  mremap: { event: 'UNMAP', fn: ref('mm/mremap.c', 'move_page_tables'), per: 'range' },
  release: { event: 'RELEASE', fn: ref('mm/mmu_notifier.c', '__mmu_notifier_release'), per: 'range' },
};

/** Run one scheduled operation at t on [gfn, gfn+pages), rounded out to 2 MiB. */
export function runOperation(sim: Sim, op: ScheduledOperation, t: number): void {
  const spec = OPERATION_SPECS[op.op];
  const cause = op.op as Cause;
  const a = F.alignDown(Math.min(op.gfn, sim.pages), F.PMD_PAGES);
  const b = op.pages > 0 ? Math.min(sim.pages, F.alignUp(op.gfn + op.pages, F.PMD_PAGES)) : sim.pages;
  if (b <= a) return;
  const chain = [spec.fn];
  if (op.op === 'release') return release(sim, t, chain);
  if (op.op === 'mprotect') {
    const res = changeProtection(sim, a, b, t, { protNuma: false, cause, chain: [] });
    // change_protection() -> flush_tlb_range() once it changed entries: the VMM's own TLB
    if (res.updates > 0) flushTlbMmRange(sim, res.t, cause, 1, chain);
    return;
  }
  if (op.op === 'khugepaged') return collapse(sim, a, b, t, cause, chain);
  if (op.op === 'mremap' && op.round_trip) {
    mremapRoundTrip(sim, op, a, b, t); // away to a scratch address and back: up to five notifiers
    return;
  }
  if (spec.per === 'range') {
    const r = { start: a, end: b, event: spec.event, numa: false, cause, chain };
    const tEnd = mmuNotifierInvalidateRangeStart(sim, r, t);
    applyEffect(sim, spec, op, a, b, tEnd);
    mmuNotifierInvalidateRangeEnd(sim, r, tEnd + (b - a) * sim.cost.pte_walk_ns);
    return;
  }
  if (op.op === 'reclaim' && !sim.rules.pageoutIgnoresReferences) {
    // MADV_PAGEOUT before 6.9: shrink_folio_list() keeps the folios KVM reports young
    for (const [s, e] of keepReferencedFolios(sim, a, b, t, cause, chain))
      perFolio(sim, spec, op, s, e, t, cause, chain);
    return;
  }
  perFolio(sim, spec, op, a, b, t, cause, chain);
}

function applyEffect(sim: Sim, spec: OpSpec, op: ScheduledOperation, a: number, b: number, t: number): void {
  const eff = spec.effect;
  if (!eff) return;
  let before = 0;
  sim.store.forEach(a, b, (s, e, f) => (before += F.pte(f) !== F.PTE_NONE ? e - s : 0));
  sim.store.update(a, b, (f) => eff(sim, f, op, t));
  let after = 0;
  sim.store.forEach(a, b, (s, e, f) => (after += F.pte(f) !== F.PTE_NONE ? e - s : 0));
  sim.rssPages += after - before;
}

/** rmap walkers: one start/end pair per mapped folio; KVM zaps that folio's SPTE and flushes if it had one. */
function perFolio(
  sim: Sim,
  spec: OpSpec,
  op: ScheduledOperation,
  a: number,
  b: number,
  t: number,
  cause: Cause,
  chain: SourceRef[],
): void {
  let folios = 0;
  let calls = 0;
  let failedPages = 0;
  let merged = 0;
  let z4 = 0;
  let z2 = 0;
  sim.store.forEach(a, b, (s, e, f) => {
    if (F.pte(f) === F.PTE_NONE) return;
    const n = F.isHuge(f) ? F.chunkStarts(s, e) : e - s;
    folios += n;
    // migrate_pages(MIGRATE_SYNC) retries a folio that cannot move: one try_to_migrate_one() notifier per
    // unmap (failedMigrationUnmaps()), then counts its pages in PGMIGRATE_FAIL (mm/migrate.c, nr_failed_pages)
    const fails = op.op === 'migration' && migrationMustFail(sim, f, t);
    calls += fails ? n * failedMigrationUnmaps(sim, f, t, 'sync') : n;
    if (fails) failedPages += e - s;
    if (op.op === 'ksm' && ksmMerges(sim, f, t)) merged += e - s;
    if (F.spte(f) === F.SPTE_4K) z4 += e - s;
    else if (F.spte(f) === F.SPTE_2M) z2 += F.chunkStarts(s, e);
  });
  // KSM: try_to_merge_with_ksm_page() follows write_protect_page() with replace_page(), a second CLEAR
  // pair, on every merged page but the one per KSM page that becomes it (ksmReplaceCalls())
  calls += ksmReplaceCalls(merged);
  for (const k of ['invalidate_range_start', 'invalidate_range_end', 'kvm_unmap_hva_range'] as const)
    count(sim, cause, k, calls);
  count(sim, cause, 'kvm_unmap_gfn_range', calls * addressSpaces(sim)); // a folio is in one memslot
  count(sim, cause, 'invalidated_bytes', (b - a) * PAGE_SIZE);
  if (failedPages > 0) count(sim, cause, 'pgmigrate_fail', failedPages);
  spend(sim, 'notifier', calls * sim.cost.notifier_ns);
  // move_pages() of pinned folios on a CPU a vCPU shares: the tries interleave with its re-faults
  if (!(op.op === 'migration' && migratePinnedWithSlices(sim, a, b, t, cause, chain))) {
    count(sim, cause, 'sptes_zapped_4k', z4);
    count(sim, cause, 'sptes_zapped_2m', z2);
    spend(sim, 'spte_zap', z4 * sim.cost.spte_zap_4k_ns + z2 * sim.cost.spte_zap_2m_ns);
    kvmFlushRemoteTlbs(sim, t, cause, z4 + z2, vcpusInGuestMode(sim, t), chain);
    sim.store.update(a, b, (f) => (F.pte(f) === F.PTE_NONE ? f : F.withSpte(f, F.SPTE_ABSENT)));
  }
  applyEffect(sim, spec, op, a, b, t);
  sim.rec.event(t, 'notifier', 'invalidate_span', a, b, chain, {
    count: calls,
    detail: `MMU_NOTIFY_${spec.event} per folio${calls > folios ? ' (and per retry pass)' : ''}`,
  });
}

/** mmu_notifier_release() at exit: KVM's .release zaps everything (kvm_flush_shadow_all); the guest is gone. */
function release(sim: Sim, t: number, chain: SourceRef[]): void {
  let z4 = 0;
  let z2 = 0;
  sim.store.forEach(0, sim.pages, (s, e, f) => {
    if (F.spte(f) === F.SPTE_4K) z4 += e - s;
    else if (F.spte(f) === F.SPTE_2M) z2 += F.chunkStarts(s, e);
  });
  count(sim, 'release', 'sptes_zapped_4k', z4);
  count(sim, 'release', 'sptes_zapped_2m', z2);
  spend(sim, 'spte_zap', z4 * sim.cost.spte_zap_4k_ns + z2 * sim.cost.spte_zap_2m_ns);
  kvmFlushRemoteTlbs(sim, t, 'release', 1, 0, chain);
  sim.store.update(0, sim.pages, (f) => F.withSpte(f, F.SPTE_ABSENT));
  sim.emptyPt4k.clear(); // kvm_flush_shadow_all() frees every table
  sim.released = true;
  sim.rec.event(
    t,
    'notifier',
    'invalidate_span',
    0,
    sim.pages,
    [...chain, { file: 'virt/kvm/kvm_main.c', fn: 'kvm_mmu_notifier_release' }],
    { detail: 'MMU_NOTIFY_RELEASE' },
  );
}

/**
 * khugepaged collapse_huge_page(): one CLEAR range per 2 MiB region (sent before the pages are isolated);
 * the collapse succeeds only if all 512 PTEs are present and no page is pinned or has extra references.
 */
function collapse(sim: Sim, a: number, b: number, t: number, cause: Cause, chain: SourceRef[]): void {
  for (let c = a; c < b; c += F.PMD_PAGES) {
    let ok = sim.sc.guest.backing !== 'memfd';
    let huge = false;
    let leaves4k = false;
    let n0 = -1;
    sim.store.forEach(c, c + F.PMD_PAGES, (_s, _e, f) => {
      if (n0 < 0) n0 = F.node(f);
      if (F.isHuge(f)) huge = true;
      if (F.spte(f) === F.SPTE_4K) leaves4k = true;
      if (F.pte(f) !== F.PTE_PRESENT || migrationMustFail(sim, f, t)) ok = false;
    });
    if (huge) continue;
    const r = { start: c, end: c + F.PMD_PAGES, event: 'CLEAR' as const, numa: false, cause, chain };
    t = mmuNotifierInvalidateRangeStart(sim, r, t);
    if (ok) {
      sim.store.update(c, c + F.PMD_PAGES, (f) => F.withNode(F.withHuge(f, true), n0));
      keepEmptyPt4k(sim, c, leaves4k); // the zap left KVM's 4K table; a 2M leaf will replace it
    }
    mmuNotifierInvalidateRangeEnd(sim, r, t);
  }
}
