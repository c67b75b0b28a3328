// From probe results to the variant rules they show (the common language of #12): each rule the
// source can tell, its value and the file:line (or patch hunk) that shows it. Kept as data, one
// row per rule: a rule with no row (a runtime setting such as numaBalancing, or a rule a newer
// engine adds) is inherited from the closest named variant and says so.
import type { RuleName, VariantRules } from '../../variants/rules';
import type { ProbeId } from './probes';

export interface RuleProbeCase {
  /** Every probe listed must be found for the rule to take `value`. */
  when: ProbeId[];
  value: VariantRules[RuleName];
}

export interface RuleProbe {
  rule: RuleName;
  cases: RuleProbeCase[];
  /** The value when no case holds but the probes' files were read; undefined: the source cannot tell. */
  otherwise?: VariantRules[RuleName];
}

export const RULE_PROBES: readonly RuleProbe[] = [
  {
    rule: 'notifierLevel',
    cases: [
      { when: ['notifier_in_change_pud_range'], value: 'pud' },
      { when: ['notifier_in_change_pmd_range'], value: 'pmd' },
    ],
  },
  {
    rule: 'cowSkip',
    cases: [
      { when: ['pte_skip_pinned_or_shared'], value: 'pinned_or_shared' },
      { when: ['pte_skip_page_count'], value: 'page_count' },
    ],
  },
  {
    rule: 'pteSkipPinnedAnonExclusive',
    cases: [{ when: ['pte_skip_pinned_anon_exclusive'], value: true }],
    otherwise: false,
  },
  {
    rule: 'pmdSkipPinnedAnonExclusive',
    cases: [{ when: ['pmd_skip_pinned'], value: true }],
    otherwise: false,
  },
  {
    rule: 'skipPinnedAnyMapping',
    cases: [{ when: ['folio_can_map_prot_numa'], value: true }],
    otherwise: false,
  },
  {
    rule: 'numaRangeFlag',
    cases: [{ when: ['range_numa_flag', 'range_numa_flag_set'], value: true }],
    otherwise: false,
  },
  { rule: 'numaProtectOp', cases: [{ when: ['numa_protect_op'], value: true }], otherwise: false },
  { rule: 'callNumaProtect', cases: [{ when: ['numa_protect_called'], value: true }], otherwise: false },
  {
    rule: 'kvmDeferNumaZap',
    cases: [{ when: ['kvm_numa_protect_handler', 'kvm_start_handler_numa'], value: true }],
    otherwise: false,
  },
  { rule: 'kvmSkipPinnedGuess', cases: [{ when: ['kvm_skip_pinned'], value: true }], otherwise: false },
  {
    rule: 'faultRetryBeforeLock',
    cases: [{ when: ['kvm_fault_retry_before_lock'], value: true }],
    otherwise: false,
  },
];

/** Where a probe was seen: `mm/mprotect.c:380`, or `patch 1/5 …, rfc.mbox:37`. */
export interface ProbeSighting {
  found: boolean;
  /** False when the probe's file could not be read (the source cannot tell). */
  known: boolean;
  where?: string;
}

export interface RuleValue {
  value: VariantRules[RuleName];
  /** What shows it: the probes and where they were seen, or where it is inherited from. */
  evidence: string;
}

/** The rules the sightings show (rules the source cannot tell are left out). */
export function rulesFromProbes(seen: (id: ProbeId) => ProbeSighting): Partial<Record<RuleName, RuleValue>> {
  const out: Partial<Record<RuleName, RuleValue>> = {};
  for (const row of RULE_PROBES) {
    const hit = row.cases.find((c) => c.when.every((id) => seen(id).found));
    if (hit) {
      out[row.rule] = {
        value: hit.value,
        evidence: hit.when.map((id) => `${id} at ${seen(id).where ?? '?'}`).join(', '),
      };
      continue;
    }
    const ids = [...new Set(row.cases.flatMap((c) => c.when))];
    if (row.otherwise !== undefined && ids.every((id) => seen(id).known))
      out[row.rule] = { value: row.otherwise, evidence: `not found: ${ids.join(', ')}` };
  }
  return out;
}
