// The feature probes that tell kernel variants apart (kernel-model.md §3–5). Each reads one
// file of the tree and answers found / not found with the line that shows it.
import { findInFunction, functionBodies, FunctionBody, lineAt } from '../functionBodies';
import { scanSites } from '../siteScanner';

export type ProbeId =
  | 'notifier_in_change_pmd_range'
  | 'notifier_in_change_pud_range'
  | 'pte_skip_page_count'
  | 'pte_skip_pinned_or_shared'
  | 'pte_skip_pinned_anon_exclusive'
  | 'pmd_skip_pinned'
  | 'folio_can_map_prot_numa'
  | 'range_numa_flag'
  | 'range_numa_flag_set'
  | 'numa_protect_op'
  | 'numa_protect_called'
  | 'kvm_numa_protect_handler'
  | 'kvm_start_handler_numa'
  | 'kvm_skip_pinned'
  | 'kvm_start_handler_unmaps'
  | 'kvm_fault_retry_before_lock';

export interface ProbeResult {
  id: ProbeId;
  probe: string;
  file: string;
  found: boolean;
  line?: number;
}

interface Probe {
  id: ProbeId;
  probe: string;
  file: string;
  run: (text: string, bodies: () => Map<string, FunctionBody>) => number | undefined;
}

const firstLine = (text: string, re: RegExp): number | undefined => {
  const m = re.exec(text);
  return m ? lineAt(text, m.index) : undefined;
};

/** Line of the first mmu_notifier_invalidate_range_start() call in function `fn`. */
const notifierStartIn =
  (fn: string) =>
  (text: string): number | undefined =>
    scanSites(text, { file: 'mm/mprotect.c' }).sites.find(
      (s) => s.callee === 'mmu_notifier_invalidate_range_start' && s.function === fn,
    )?.line;

export const PROBES: readonly Probe[] = [
  {
    id: 'notifier_in_change_pmd_range',
    probe: 'notifier started in change_pmd_range() (v6.1–v6.11)',
    file: 'mm/mprotect.c',
    run: notifierStartIn('change_pmd_range'),
  },
  {
    id: 'notifier_in_change_pud_range',
    probe: 'notifier started in change_pud_range() (v6.12+)',
    file: 'mm/mprotect.c',
    run: notifierStartIn('change_pud_range'),
  },
  {
    id: 'pte_skip_page_count',
    probe: 'change_pte_range() prot_numa COW skip is page_count != 1 (v6.1/v6.5)',
    file: 'mm/mprotect.c',
    run: (t, b) =>
      findInFunction(t, b(), 'change_pte_range', /(page_count\(page\)|folio_ref_count\(folio\))\s*!=\s*1/),
  },
  {
    id: 'pte_skip_pinned_or_shared',
    probe:
      'change_pte_range() prot_numa COW skip is folio_maybe_dma_pinned || folio_likely_mapped_shared (v6.12)',
    file: 'mm/mprotect.c',
    run: (t, b) =>
      findInFunction(
        t,
        b(),
        'change_pte_range',
        /folio_maybe_dma_pinned\(folio\)\s*\|\|\s*folio_likely_mapped_shared/,
      ),
  },
  {
    id: 'pte_skip_pinned_anon_exclusive',
    probe: 'change_pte_range() skips anon-exclusive maybe-DMA-pinned pages under prot_numa (RFC patch 2)',
    file: 'mm/mprotect.c',
    run: (t, b) =>
      findInFunction(
        t,
        b(),
        'change_pte_range',
        /AnonExclusive\([^)]*\)\s*&&\s*(page|folio)_maybe_dma_pinned\(/,
      ),
  },
  {
    id: 'pmd_skip_pinned',
    probe: 'change_huge_pmd() skips maybe-DMA-pinned THPs under prot_numa (RFC patch 2)',
    file: 'mm/huge_memory.c',
    run: (t, b) => findInFunction(t, b(), 'change_huge_pmd', /(page|folio)_maybe_dma_pinned\(/),
  },
  {
    id: 'folio_can_map_prot_numa',
    probe: 'shared PTE/PMD skip rule folio_can_map_prot_numa() (mm 2025)',
    file: 'mm/mprotect.c',
    run: (t) => firstLine(t, /\bfolio_can_map_prot_numa\s*\(/),
  },
  {
    id: 'range_numa_flag',
    probe: 'MMU_NOTIFIER_RANGE_NUMA defined (RFC patch 1)',
    file: 'include/linux/mmu_notifier.h',
    run: (t) => firstLine(t, /#\s*define\s+MMU_NOTIFIER_RANGE_NUMA\b/),
  },
  {
    id: 'range_numa_flag_set',
    probe: 'mprotect sets MMU_NOTIFIER_RANGE_NUMA on its range (RFC patch 1)',
    file: 'mm/mprotect.c',
    run: (t) => firstLine(t, /\bMMU_NOTIFIER_RANGE_NUMA\b/),
  },
  {
    id: 'numa_protect_op',
    probe: 'struct mmu_notifier_ops has .numa_protect (RFC v2 patch 3)',
    file: 'include/linux/mmu_notifier.h',
    run: (t) => firstLine(t, /\(\s*\*\s*numa_protect\s*\)\s*\(/),
  },
  {
    id: 'numa_protect_called',
    probe: 'mmu_notifier_numa_protect() called per protected entry (RFC v2 patch 4)',
    file: 'mm/mprotect.c',
    run: (t) =>
      scanSites(t, { file: 'mm/mprotect.c' }).sites.find((s) => s.callee === 'mmu_notifier_numa_protect')
        ?.line,
  },
  {
    id: 'kvm_numa_protect_handler',
    probe: "KVM's mmu_notifier_ops has .numa_protect (RFC v2 patch 5)",
    file: 'virt/kvm/kvm_main.c',
    run: (t) =>
      scanSites(t, { file: 'virt/kvm/kvm_main.c' }).sites.find(
        (s) => s.kind === 'ops_field' && s.callee.endsWith('.numa_protect'),
      )?.line,
  },
  {
    id: 'kvm_start_handler_numa',
    probe: "KVM's start handler checks MMU_NOTIFIER_RANGE_NUMA (RFC)",
    file: 'virt/kvm/kvm_main.c',
    run: (t) => firstLine(t, /\bMMU_NOTIFIER_RANGE_NUMA\b/),
  },
  {
    id: 'kvm_skip_pinned',
    probe: 'KVM skips zapping pinned pages itself (RFC v1 patch 3)',
    file: 'virt/kvm/kvm_main.c',
    run: (t) => firstLine(t, /\bskip_pinned\b/),
  },
  {
    id: 'kvm_start_handler_unmaps',
    probe: "KVM's start handler zaps with kvm_unmap_gfn_range",
    file: 'virt/kvm/kvm_main.c',
    run: (t, b) =>
      findInFunction(t, b(), 'kvm_mmu_notifier_invalidate_range_start', /\bkvm_(mmu_)?unmap_gfn_range\b/),
  },
  {
    id: 'kvm_fault_retry_before_lock',
    probe: 'KVM retries a fault before taking mmu_lock: mmu_invalidate_retry_gfn_unsafe() (v6.8+)',
    file: 'arch/x86/kvm/mmu/mmu.c',
    run: (t) => firstLine(t, /\bmmu_invalidate_retry_gfn_unsafe\s*\(/),
  },
];

/** Runs every probe over the files `read` returns (each file read once). A read that rejects
 * (a file that is not regular, or over the size limit) is a probe that did not run, with the reason. */
export async function runProbes(read: (file: string) => Promise<string | undefined>): Promise<ProbeResult[]> {
  const files = new Map<string, Promise<{ text?: string; why?: string }>>();
  const bodies = new Map<string, Map<string, FunctionBody>>();
  const results: ProbeResult[] = [];
  for (const p of PROBES) {
    if (!files.has(p.file))
      files.set(
        p.file,
        read(p.file).then(
          (text) => ({ text, why: text === undefined ? 'file missing' : undefined }),
          (e: unknown) => ({ why: e instanceof Error ? e.message : String(e) }),
        ),
      );
    const { text, why } = (await files.get(p.file)) ?? {};
    let line: number | undefined;
    if (text !== undefined) {
      const lazyBodies = (): Map<string, FunctionBody> => {
        let b = bodies.get(p.file);
        if (!b) bodies.set(p.file, (b = functionBodies(text)));
        return b;
      };
      line = p.run(text, lazyBodies);
    }
    results.push({
      id: p.id,
      probe: why !== undefined ? `${p.probe} [${why}]` : p.probe,
      file: p.file,
      found: line !== undefined,
      line,
    });
  }
  return results;
}
