// The fields of the events the importer understands, read from what each event's TP_printk()
// prints. Formats are the same in Linux 6.1 and 6.12 unless noted (checked against both trees):
//
//   kvm:kvm_unmap_hva_range      "mmu notifier unmap range: %#016lx -- %#016lx"   (hva start, end)
//   kvm:kvm_age_hva              "mmu notifier age hva: %#016lx -- %#016lx"
//   kvm:kvm_test_age_hva         "mmu notifier test age hva: %#016lx"
//   kvm:kvm_set_spte_hva         "mmu notifier set pte hva: %#016lx"              (6.1 only)
//   kvm:kvm_page_fault           "vcpu %u rip 0x%lx address 0x%016llx error_code 0x%llx"   (arch/x86/kvm/trace.h)
//   kvm:kvm_exit                 "vcpu %u reason %s%s%s rip 0x%lx info1 … error_code 0x%08x"
//   kvmmmu:kvm_tdp_mmu_spte_changed "as id %d gfn %llx level %d old_spte %llx new_spte %llx"
//   kvmmmu:kvm_mmu_prepare_zap_page "sp gen %u gfn %llx l%u %u-byte q%u …"  (KVM_MMU_PAGE_PRINTK)
//   kvmmmu:kvm_mmu_zap_all_fast  "kvm-mmu-valid-gen %u used_pages %x"
//   kvmmmu:kvm_mmu_spte_requested "gfn %llx pfn %llx level %d"
//   kvmmmu:kvm_mmu_set_spte      "gfn %llx spte %llx (%s%s%s%s) level %d at %llx"
//   kvmmmu:kvm_mmu_split_huge_page "gfn %llx spte %llx level %d errno %d"
//   migrate:mm_migrate_pages     "nr_succeeded=%lu nr_failed=%lu nr_thp_succeeded=%lu nr_thp_failed=%lu
//                                 nr_thp_split=%lu [nr_split=%lu, 6.12] mode=%s reason=%s"
//   sched:sched_move_numa        "pid=%d tgid=%d ngid=%d src_cpu=%d src_nid=%d dst_cpu=%d dst_nid=%d"
//   sched:sched_stick_numa / sched_swap_numa  "src_pid=%d … dst_nid=%d"  (sched_numa_pair_template)
//   tlb:tlb_flush                "pages:%ld reason:%s (%d)"
//
// An SPTE is present when bit 11 (SPTE_MMU_PRESENT_MASK, arch/x86/kvm/mmu/spte.h) is set; it maps a
// page (is a leaf) at level 1, or at level 2/3 when bit 7 (PT_PAGE_SIZE_MASK) is set. REMOVED_SPTE
// (6.1) / FROZEN_SPTE (6.12), 0x5a0 in the low bits, is not present. Pure: no I/O.

import { PAGE_SIZE } from '../../protocol/format';

export type TraceFields =
  | { event: 'kvm_unmap_hva_range'; start: number; end: number }
  | { event: 'kvm_page_fault'; vcpu: number; gfn: number }
  | { event: 'kvm_exit'; vcpu: number; reason: string }
  | { event: 'kvm_tdp_mmu_spte_changed'; gfn: number; level: number; change: SpteChange }
  | { event: 'kvm_mmu_prepare_zap_page'; gfn: number; level: number }
  | { event: 'kvm_mmu_zap_all_fast' }
  | { event: 'kvm_mmu_spte_requested' | 'kvm_mmu_set_spte'; gfn: number; level: number }
  | { event: 'kvm_mmu_split_huge_page'; gfn: number; level: number }
  | { event: 'mm_migrate_pages'; succeeded: number; failed: number; thpSucceeded: number; reason: string }
  | { event: 'sched_move_numa' | 'sched_stick_numa' | 'sched_swap_numa'; srcNid: number; dstNid: number }
  | { event: 'tlb_flush'; pages: number; reason: string }
  | { event: 'counted' };

/** What one kvm_tdp_mmu_spte_changed did to a leaf: installed, zapped, changed in place, or a non-leaf. */
export type SpteChange = 'install' | 'zap' | 'modify' | 'nonleaf';

/** Events counted by name but not drawn (their presence is expected, not "unknown"). */
const COUNTED_ONLY = new Set([
  'kvm_age_hva',
  'kvm_test_age_hva',
  'kvm_set_spte_hva',
  'kvm_entry',
  'mm_migrate_pages_start',
  'sched_skip_vma_numa',
]);

export const KNOWN_EVENTS = new Set([
  'kvm_unmap_hva_range',
  'kvm_page_fault',
  'kvm_exit',
  'kvm_tdp_mmu_spte_changed',
  'kvm_mmu_prepare_zap_page',
  'kvm_mmu_zap_all_fast',
  'kvm_mmu_spte_requested',
  'kvm_mmu_set_spte',
  'kvm_mmu_split_huge_page',
  'mm_migrate_pages',
  'sched_move_numa',
  'sched_stick_numa',
  'sched_swap_numa',
  'tlb_flush',
  ...COUNTED_ONLY,
]);

const hex = (s: string): number => parseInt(s.startsWith('0x') ? s.slice(2) : s, 16);

/** Low 12 bits of a hex SPTE value (bits 7 and 11 are all the importer needs). */
function lowBits(s: string): number {
  const h = s.startsWith('0x') ? s.slice(2) : s;
  return parseInt(h.slice(-3), 16);
}

const SPTE_MMU_PRESENT_MASK = 1 << 11;
const PT_PAGE_SIZE_MASK = 1 << 7;

function isLeaf(spte: number, level: number): boolean {
  return level === 1 || (spte & PT_PAGE_SIZE_MASK) !== 0;
}

export function spteChange(oldLow: number, newLow: number, level: number): SpteChange {
  const wasPresent = (oldLow & SPTE_MMU_PRESENT_MASK) !== 0;
  const isPresent = (newLow & SPTE_MMU_PRESENT_MASK) !== 0;
  const leaf = isLeaf(wasPresent ? oldLow : newLow, level);
  if (!leaf) return 'nonleaf';
  if (wasPresent && !isPresent) return 'zap';
  if (!wasPresent && isPresent) return 'install';
  return 'modify';
}

/** "key=value key=value …" → map (mm_migrate_pages, sched_*_numa). */
function keyValues(body: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of body.matchAll(/(\w+)=(\S+)/g)) out.set(m[1], m[2]);
  return out;
}

function num(kv: Map<string, string>, key: string): number {
  const v = kv.get(key);
  if (v === undefined || !/^-?\d+$/.test(v)) throw new FieldError(`no ${key}=N`);
  return Number(v);
}

export class FieldError extends Error {}

const RE = {
  unmap: /^mmu notifier unmap range: (?:0x)?([0-9a-fA-F]+) -- (?:0x)?([0-9a-fA-F]+)/,
  pageFault: /^vcpu (\d+) rip \S+ address (?:0x)?([0-9a-fA-F]+)/,
  exit: /^vcpu (\d+) reason (\S+)/,
  spteChanged: /^as id \d+ gfn ([0-9a-fA-F]+) level (\d+) old_spte ([0-9a-fA-F]+) new_spte ([0-9a-fA-F]+)/,
  mmuPage: /^sp gen \d+ gfn ([0-9a-fA-F]+) l(\d+)/,
  gfnLevel: /^gfn ([0-9a-fA-F]+) (?:pfn|spte) [0-9a-fA-F]+ .*?level (\d+)/,
  tlb: /^pages:(-?\d+) reason:(.*?) \((\d+)\)$/,
};

/** The fields of a known event; null for an unknown event; throws FieldError when a known one does not parse. */
export function parseTraceFields(event: string, body: string): TraceFields | null {
  if (!KNOWN_EVENTS.has(event)) return null;
  if (COUNTED_ONLY.has(event)) return { event: 'counted' };
  const need = (re: RegExp, what: string): RegExpExecArray => {
    const m = re.exec(body);
    if (!m) throw new FieldError(`${event}: expected "${what}"`);
    return m;
  };
  switch (event) {
    case 'kvm_unmap_hva_range': {
      const m = need(RE.unmap, 'mmu notifier unmap range: START -- END');
      return { event, start: hex(m[1]), end: hex(m[2]) };
    }
    case 'kvm_page_fault': {
      const m = need(RE.pageFault, 'vcpu N rip 0x… address 0x… error_code 0x…');
      return { event, vcpu: Number(m[1]), gfn: Math.floor(hex(m[2]) / PAGE_SIZE) };
    }
    case 'kvm_exit': {
      const m = need(RE.exit, 'vcpu N reason R …');
      return { event, vcpu: Number(m[1]), reason: m[2] };
    }
    case 'kvm_tdp_mmu_spte_changed': {
      const m = need(RE.spteChanged, 'as id N gfn G level L old_spte S new_spte S');
      const level = Number(m[2]);
      return { event, gfn: hex(m[1]), level, change: spteChange(lowBits(m[3]), lowBits(m[4]), level) };
    }
    case 'kvm_mmu_prepare_zap_page': {
      const m = need(RE.mmuPage, 'sp gen N gfn G lL …');
      return { event, gfn: hex(m[1]), level: Number(m[2]) };
    }
    case 'kvm_mmu_zap_all_fast':
      need(/^kvm-mmu-valid-gen \d+/, 'kvm-mmu-valid-gen N used_pages N');
      return { event };
    case 'kvm_mmu_spte_requested':
    case 'kvm_mmu_set_spte':
    case 'kvm_mmu_split_huge_page': {
      const m = need(RE.gfnLevel, 'gfn G … level L');
      return { event, gfn: hex(m[1]), level: Number(m[2]) };
    }
    case 'mm_migrate_pages': {
      const kv = keyValues(body);
      try {
        return {
          event,
          succeeded: num(kv, 'nr_succeeded'),
          failed: num(kv, 'nr_failed'),
          thpSucceeded: num(kv, 'nr_thp_succeeded'),
          reason: kv.get('reason') ?? '',
        };
      } catch (e) {
        throw new FieldError(`mm_migrate_pages: ${(e as Error).message}`);
      }
    }
    case 'sched_move_numa':
    case 'sched_stick_numa':
    case 'sched_swap_numa': {
      const kv = keyValues(body);
      try {
        const src = kv.has('src_nid') ? num(kv, 'src_nid') : -1;
        return { event, srcNid: src, dstNid: num(kv, 'dst_nid') };
      } catch (e) {
        throw new FieldError(`${event}: ${(e as Error).message}`);
      }
    }
    case 'tlb_flush': {
      const m = need(RE.tlb, 'pages:N reason:R (N)');
      return { event, pages: Number(m[1]), reason: m[2] };
    }
  }
  return { event: 'counted' };
}
