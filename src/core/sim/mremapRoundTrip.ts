// mm/mremap.c: mremap(MREMAP_MAYMOVE | MREMAP_FIXED) of a guest-RAM range to a scratch address outside
// guest RAM and back, as the oracle harness's VMM does (oracle/vmm/ops.c: a PROT_NONE reservation the
// size of the region, made once before the window). Each move, mremap_to() -> move_vma(), sends up to
// three MMU_NOTIFY_UNMAP notifiers, the same functions in 6.1 and 6.12:
//   1. mremap_to(): do_munmap() of the destination, if anything is mapped there (unmap_vmas(), mm/memory.c:
//      6.1 do_munmap() -> do_mas_munmap() -> do_mas_align_munmap() -> unmap_region(); 6.12 do_munmap() ->
//      do_vmi_munmap() -> do_vmi_align_munmap() -> vms_complete_munmap_vmas() -> vms_clear_ptes());
//      a hole (no VMA: do_mas_munmap()/do_vmi_munmap() return at once) sends nothing;
//   2. move_vma() -> move_page_tables(): the source range;
//   3. move_vma() -> do_munmap() (6.12 do_vmi_munmap()) of the source, whose page tables have just moved.
// Away: the reservation under the destination (the first time only: afterwards that part of it is a hole),
// guest RAM twice. Back: the destination is the hole guest RAM's VMA left, then the scratch range twice.
// kvm_mmu_notifier_invalidate_range_start() fires kvm_unmap_hva_range before the memslot lookup, so the
// notifiers outside guest RAM count there; only those over guest RAM reach kvm_unmap_gfn_range(), and
// only move_page_tables()'s finds SPTEs to zap. The pages end where they started (the memslot is not moved).
import type { Cause, SourceRef } from '../../protocol/simulation';
import type { ScheduledOperation } from '../scenario/types';
import type { Sim } from './context';
import {
  mmuNotifierInvalidateOutsideGuestRam,
  mmuNotifierInvalidateRangeEnd,
  mmuNotifierInvalidateRangeStart,
} from './mmuNotifier';

const ref = (file: string, fn: string): SourceRef => ({ file, fn });
const MREMAP_TO = ref('mm/mremap.c', 'mremap_to');
const MOVE_VMA = ref('mm/mremap.c', 'move_vma');
const MOVE_PAGE_TABLES = ref('mm/mremap.c', 'move_page_tables');
const DO_MUNMAP = ref('mm/mmap.c', 'do_munmap');
const UNMAP_VMAS = ref('mm/memory.c', 'unmap_vmas');

/** The round trip of [a, b) at t; returns when the second mremap() ends. */
export function mremapRoundTrip(sim: Sim, op: ScheduledOperation, a: number, b: number, t: number): number {
  const cause: Cause = 'mremap';
  const pages = b - a;
  const outside = (chain: SourceRef[], what: string, at: number): number =>
    mmuNotifierInvalidateOutsideGuestRam(sim, { event: 'UNMAP', cause, chain, pages, what }, at);
  // away: mremap_to() unmaps the reservation under the destination, the first time
  if (!sim.mremapScratchTaken.has(op)) {
    sim.mremapScratchTaken.add(op);
    t = outside([MREMAP_TO, DO_MUNMAP, UNMAP_VMAS], 'the PROT_NONE scratch reservation', t);
  }
  // move_page_tables(): KVM zaps the range's SPTEs; the host's entries move (pte_walk_ns per page)
  t = guestRam(sim, a, b, t, [MREMAP_TO, MOVE_VMA, MOVE_PAGE_TABLES], pages * sim.cost.pte_walk_ns);
  // do_munmap() of the old range: a memslot overlaps, kvm_unmap_gfn_range() runs and finds nothing
  t = guestRam(sim, a, b, t, [MREMAP_TO, MOVE_VMA, DO_MUNMAP, UNMAP_VMAS], 0);
  // back: the destination (guest RAM's old place) is a hole; the scratch range moves, then is unmapped
  t = outside([MREMAP_TO, MOVE_VMA, MOVE_PAGE_TABLES], 'the scratch range, moved back', t);
  return outside([MREMAP_TO, MOVE_VMA, DO_MUNMAP, UNMAP_VMAS], 'the scratch range, unmapped', t);
}

function guestRam(sim: Sim, a: number, b: number, t: number, chain: SourceRef[], hostNs: number): number {
  const r = { start: a, end: b, event: 'UNMAP' as const, numa: false, cause: 'mremap' as const, chain };
  const tEnd = mmuNotifierInvalidateRangeStart(sim, r, t) + hostNs;
  mmuNotifierInvalidateRangeEnd(sim, r, tEnd);
  return tEnd;
}
