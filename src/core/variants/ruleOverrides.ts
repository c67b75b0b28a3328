// Variant ids that add rule settings to a named variant: `v6.12+kvmDeferNumaZap` (a boolean
// rule set true), `v6.12+cowSkip=page_count`, `v6.1+numaRangeFlag+kvmDeferNumaZap=false`. This is
// how a tree's derived rules, a series' rules over a tree (`v6.12 + series rules`) and a what-if
// flip are all named and simulated: the rules are the common language, the id spells them.
import type { ResolvedVariant, RuleName, VariantRules } from './rules';

export interface RuleOverride {
  rule: RuleName;
  value: VariantRules[RuleName];
}

const RULE_TOKEN = /^([a-z][A-Za-z0-9]*)(?:=([A-Za-z0-9_.-]+))?$/;

/**
 * Splits `base+rule[=value]+…` at the first token that names a rule of `rulesOf(base)`; undefined
 * when no token does (then the id is a plain variant id, e.g. `rfc-v2:p1+p2`).
 */
export function splitRuleSuffix(
  id: string,
  isRule: (name: string) => boolean,
): { base: string; tokens: string[] } | undefined {
  const tokens = id.split('+').map((t) => t.trim());
  const first = tokens.findIndex((t, k) => k > 0 && isRule(RULE_TOKEN.exec(t)?.[1] ?? ''));
  if (first < 0) return undefined;
  return { base: tokens.slice(0, first).join('+'), tokens: tokens.slice(first) };
}

/** Parses rule tokens against the base's resolved rules (the value's type must match); throws a message naming the token. */
export function parseRuleTokens(
  id: string,
  base: ResolvedVariant,
  tokens: string[],
  knownValues: (rule: string) => unknown[] = () => [],
): RuleOverride[] {
  const rules = base.rules as unknown as Record<string, unknown>;
  return tokens.map((t) => {
    const m = RULE_TOKEN.exec(t);
    if (!m || !(m[1] in rules))
      throw new Error(`variant '${id}': '${t}' is not a rule (rules: ${Object.keys(rules).join(', ')})`);
    const current = rules[m[1]];
    const raw = m[2];
    if (typeof current === 'boolean') {
      if (raw !== undefined && raw !== 'true' && raw !== 'false')
        throw new Error(`variant '${id}': rule ${m[1]} is true or false, not '${raw}'`);
      return { rule: m[1] as RuleName, value: raw !== 'false' } as RuleOverride;
    }
    const known = knownValues(m[1]).map(String);
    if (raw === undefined || (known.length > 0 && !known.includes(raw)))
      throw new Error(`variant '${id}': rule ${m[1]} needs a value: ${m[1]}=${known.join(' or ') || '…'}`);
    return { rule: m[1] as RuleName, value: raw } as RuleOverride;
  });
}

/** The id for `base` with `overrides` (rules in the base's order; `=true` left out). */
export function ruleVariantId(
  base: string,
  overrides: readonly RuleOverride[],
  order: readonly string[],
): string {
  const sorted = [...overrides].sort((a, b) => order.indexOf(a.rule) - order.indexOf(b.rule));
  return [base, ...sorted.map((o) => (o.value === true ? o.rule : `${o.rule}=${String(o.value)}`))].join('+');
}
