// From probe results and the Makefile version to a variant id (kernel-model.md §5):
// `v6.1`, `v6.5`, `v6.8`, `v6.12`, `rfc-v1`, `rfc-v2`, `rfc-v2:p1+p2` (a subset of the five
// RFC v2 patches), `mm-2025`; anything else is `unknown` with the closest variant.
import { KernelVersion } from './makefileVersion';
import { ProbeId, ProbeResult } from './probes';

export interface VariantVerdict {
  variant: string;
  /** For `unknown`: the variant whose behaviour is nearest (also set for exact matches). */
  closest?: string;
  /** Which RFC v2 patches (1–5) the probes saw. */
  rfcPatches: number[];
  reason: string;
}

/** Baselines by the version they are named after. */
const BASELINES: readonly { id: string; minor: number }[] = [
  { id: 'v6.1', minor: 1 },
  { id: 'v6.5', minor: 5 },
  { id: 'v6.8', minor: 8 },
  { id: 'v6.12', minor: 12 },
];

export function decideVariant(
  results: readonly ProbeResult[],
  version: KernelVersion | undefined,
): VariantVerdict {
  const has = (id: ProbeId): boolean => results.some((r) => r.id === id && r.found);
  const rfcV2: [number, boolean][] = [
    [1, has('range_numa_flag') && has('range_numa_flag_set')],
    [2, has('pmd_skip_pinned')],
    [3, has('numa_protect_op')],
    [4, has('numa_protect_called')],
    [5, has('kvm_numa_protect_handler')],
  ];
  const rfcPatches = rfcV2.filter(([, f]) => f).map(([n]) => n);
  const v2Only = has('numa_protect_op') || has('numa_protect_called') || has('kvm_numa_protect_handler');
  if (has('kvm_skip_pinned') && has('range_numa_flag') && !v2Only) {
    return {
      variant: 'rfc-v1',
      closest: 'rfc-v1',
      rfcPatches,
      reason: 'MMU_NOTIFIER_RANGE_NUMA with KVM skipping pinned pages itself',
    };
  }
  if (rfcPatches.length === 5)
    return { variant: 'rfc-v2', closest: 'rfc-v2', rfcPatches, reason: 'all five RFC v2 changes present' };
  if (rfcPatches.length > 0 && (rfcPatches.includes(1) || v2Only)) {
    const id = `rfc-v2:${rfcPatches.map((n) => `p${n}`).join('+')}`;
    return {
      variant: id,
      closest: id,
      rfcPatches,
      reason: `RFC v2 patches ${rfcPatches.join(', ')} present`,
    };
  }
  if (has('folio_can_map_prot_numa'))
    return {
      variant: 'mm-2025',
      closest: 'mm-2025',
      rfcPatches,
      reason: 'folio_can_map_prot_numa() skip rule',
    };

  const pud = has('notifier_in_change_pud_range');
  const pmd = has('notifier_in_change_pmd_range');
  if (!pud && !pmd) {
    return {
      variant: 'unknown',
      closest: undefined,
      rfcPatches,
      reason: 'mm/mprotect.c does not start the notifier where any known variant does',
    };
  }
  let family: string;
  if (pud) family = 'v6.12';
  else if (version && version.major === 6 && version.minor >= 8) family = 'v6.8';
  else if (version && version.major === 6 && version.minor >= 5) family = 'v6.5';
  else if (!version && has('kvm_fault_retry_before_lock')) family = 'v6.8';
  else family = 'v6.1';
  const named = BASELINES.find((b) => b.id === family);
  const exact =
    version !== undefined && version.major === 6 && named !== undefined && version.minor === named.minor;
  if (exact && consistentWith(family, has))
    return { variant: family, closest: family, rfcPatches, reason: `Linux ${version.text} and its probes` };
  if (!version)
    return {
      variant: 'unknown',
      closest: family,
      rfcPatches,
      reason: `no version in the top Makefile; behaves like ${family}`,
    };
  // The Makefile names a modelled version the probes contradict (a Makefile from another tree, a
  // backport): not a variant we can name, but the code decides what it behaves like.
  const modelled = BASELINES.find((b) => version.major === 6 && version.minor === b.minor);
  if (modelled) {
    // Only the probes that name one baseline by themselves: change_pud_range() (v6.12) or the
    // pre-lock retry with the PMD-level notifier (v6.8). v6.1 and v6.5 look alike to the probes.
    const byProbes = pud ? 'v6.12' : has('kvm_fault_retry_before_lock') ? 'v6.8' : undefined;
    const like = byProbes && consistentWith(byProbes, has) ? byProbes : family;
    return {
      variant: 'unknown',
      closest: like,
      rfcPatches,
      reason: `the top Makefile says Linux ${version.text} (${modelled.id}) but the probes disagree with it; behaves like ${like}`,
    };
  }
  return {
    variant: 'unknown',
    closest: family,
    rfcPatches,
    reason: `Linux ${version.text} is not a modelled version (v6.1, v6.5, v6.8, v6.12); behaves like ${family}`,
  };
}

/** The probes a baseline must show (kernel-model.md §5). */
function consistentWith(family: string, has: (id: ProbeId) => boolean): boolean {
  if (family === 'v6.12') return has('pte_skip_pinned_or_shared');
  if (family === 'v6.8') return has('kvm_fault_retry_before_lock');
  return has('pte_skip_page_count');
}
