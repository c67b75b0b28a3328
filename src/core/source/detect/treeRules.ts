// A tree's full rule vector (#12 item 3): every rule the probes show, with the file:line that
// shows it, the rest inherited from the variant the tree is (or is closest to), and the id to
// simulate: the named variant when the rules are exactly its own, else that variant plus the
// rules that differ (`v6.12+cowSkip=page_count`, "derived from v6.12: 1 rule differs").
import { parseVariantId, ruleVariantId } from '../../variants';
import type { RuleName } from '../../variants/rules';
import type { ProbeId, ProbeResult } from './probes';
import { RuleValue, rulesFromProbes } from './ruleEvidence';

export interface TreeRules {
  rules: Record<RuleName, RuleValue>;
  /** The variant id to simulate this tree as. */
  simulateAs: string;
  /** e.g. "v6.12" or "derived from v6.12: 1 rule differs (cowSkip)". */
  derivation: string;
}

/** Rules of a tree from its probe results, against named variant `base` (exact or closest). */
export function treeRules(results: readonly ProbeResult[], base: string): TreeRules {
  const byId = new Map<ProbeId, ProbeResult>(results.map((r) => [r.id, r]));
  const shown = rulesFromProbes((id) => {
    const r = byId.get(id);
    return {
      found: r?.found ?? false,
      known: r !== undefined && !r.probe.endsWith(']'),
      where: r?.line ? `${r.file}:${r.line}` : r?.file,
    };
  });
  return rulesOver(base, shown, 'the tree');
}

/** `base`'s rules with `shown` over them: the full vector, the id to simulate, and how it differs. */
export function rulesOver(
  base: string,
  shown: Partial<Record<RuleName, RuleValue>>,
  what: string,
): TreeRules {
  const named = parseVariantId(base);
  const rules = {} as Record<RuleName, RuleValue>;
  const differs: { rule: RuleName; value: RuleValue['value'] }[] = [];
  for (const rule of Object.keys(named.rules) as RuleName[]) {
    const mine = shown[rule];
    const theirs = named.rules[rule];
    if (mine === undefined) {
      rules[rule] = { value: theirs, evidence: `inherited from ${base} (${what} cannot show it)` };
      continue;
    }
    rules[rule] = mine;
    if (mine.value !== theirs) differs.push({ rule, value: mine.value });
  }
  const order = Object.keys(named.rules);
  const simulateAs = ruleVariantId(base, differs, order);
  const derivation =
    differs.length === 0
      ? base
      : `derived from ${base}: ${differs.length} rule${differs.length === 1 ? '' : 's'} differ${differs.length === 1 ? 's' : ''} (${differs.map((d) => d.rule).join(', ')})`;
  return { rules, simulateAs, derivation };
}
