// Variants a scenario file defines (#12 item 4): `"variants": [{"id": "my-fix", "extends":
// "v6.12", "set": {"kvmDeferNumaZap": true}, "cite": "…"}]`. Each is a named variant plus rule
// settings, i.e. the rule id `v6.12+kvmDeferNumaZap` under a name of the reviewer's choosing;
// `--variant my-fix`, Compare… and the scenario's lens resolve it here.
import {
  isRuleName,
  parseVariantId,
  ruleVariantId,
  splitRuleSuffix,
  withRuleTokens,
  type RuleOverride,
} from '../variants';
import type { ResolvedVariant, RuleName } from '../variants/rules';
import { ScenarioError, type Scenario } from './types';

export interface ScenarioVariant {
  id: string;
  extends: string;
  set: Partial<Record<RuleName, boolean | string>>;
  cite?: string;
}

/** The rule id a scenario variant stands for (`v6.12+kvmDeferNumaZap`). */
function spelled(v: ScenarioVariant): string {
  const base = parseVariantId(v.extends);
  const overrides = Object.entries(v.set).map(([rule, value]) => ({ rule, value }) as RuleOverride);
  return ruleVariantId(v.extends, overrides, Object.keys(base.rules));
}

/** Checks a parsed scenario's variants (extends known, ids new and unique, values valid); throws ScenarioError. */
export function checkScenarioVariants(sc: Scenario, where: string): void {
  const seen = new Set<string>();
  sc.variants.forEach((v, i) => {
    let named = true;
    try {
      parseVariantId(v.id);
    } catch {
      named = false;
    }
    if (named || seen.has(v.id))
      throw new ScenarioError(
        `variants[${i}].id`,
        named ? 'an id no built-in variant has' : 'an id used once',
        JSON.stringify(v.id),
        where,
      );
    seen.add(v.id);
    try {
      parseVariantId(v.extends);
    } catch {
      throw new ScenarioError(
        `variants[${i}].extends`,
        'a known variant id',
        JSON.stringify(v.extends),
        where,
      );
    }
    try {
      parseVariantId(spelled(v));
    } catch (e) {
      throw new ScenarioError(`variants[${i}].set`, (e as Error).message, JSON.stringify(v.set), where);
    }
  });
}

/** The scenario's own variant `own`, resolved with its id and citation. */
function resolveOwn(own: ScenarioVariant): ResolvedVariant {
  const r = parseVariantId(spelled(own));
  const cite = own.cite ? `scenario variant ${own.id}: ${own.cite}` : `scenario variant ${own.id}`;
  for (const rule of Object.keys(own.set) as RuleName[]) r.cites[rule] = cite;
  return {
    ...r,
    id: own.id,
    description: `${own.extends} with ${Object.keys(own.set).join(', ')} (${cite})`,
  };
}

/**
 * The variant `id` on scenario `sc`: one the scenario defines (with its id and citation), one of
 * those with rule settings added (`my-fix+kvmDeferNumaZap=false`, a what-if flip of a scenario
 * variant), or a built-in one.
 */
export function resolveScenarioVariant(sc: Pick<Scenario, 'variants'>, id: string): ResolvedVariant {
  const trimmed = id.trim();
  const ownNamed = (name: string): ScenarioVariant | undefined =>
    (sc.variants ?? []).find((v) => v.id === name);
  const own = ownNamed(trimmed);
  if (own) return resolveOwn(own);
  const withRules = splitRuleSuffix(trimmed, isRuleName);
  const ownBase = withRules && ownNamed(withRules.base);
  if (withRules && ownBase) return withRuleTokens(trimmed, resolveOwn(ownBase), withRules.tokens);
  return parseVariantId(trimmed);
}
