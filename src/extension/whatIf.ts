// The rules panel's host side (#12 item 5): each shown variant's rules with their citations go
// to the page with the run; a flip comes back as `whatIf` and becomes one more variant, spelled
// as a rule id (`v6.12+kvmDeferNumaZap`), simulated beside the others (deltas against the first).
import type { RunVariantRules } from '../protocol/messages';
import { scenarioOfRequest, type SimulationRequestSpec, listVariants } from '../core/sim';
import { resolveScenarioVariant } from '../core/scenario';
import type { ResolvedVariant } from '../core/variants';

/** The values each rule takes in some built-in variant (a flip cycles through them). */
function choicesOf(rule: string, value: unknown): (string | boolean)[] {
  if (typeof value === 'boolean') return [false, true];
  const seen = new Set<string | boolean>([value as string]);
  for (const v of listVariants())
    for (const s of v.rules) if (s.rule === rule) seen.add(s.value as string | boolean);
  return [...seen];
}

/** The rules of every variant of `req`, resolved on its scenario (scenario variants included). */
export function variantRulesOf(req: SimulationRequestSpec): RunVariantRules[] {
  const sc = scenarioOfRequest(req);
  return req.variants.map((id) => {
    const v: ResolvedVariant = resolveScenarioVariant(sc, id);
    return {
      variant: id,
      rules: Object.entries(v.rules).map(([rule, value]) => ({
        rule,
        value: value as string | boolean,
        cite: v.cites[rule as keyof typeof v.cites] ?? '',
        choices: choicesOf(rule, value),
      })),
    };
  });
}

/**
 * The variant id a flip asks for: `variant` with `rule` set to `value` (`=true` left out); checked
 * by resolving it on the request's scenario, so an unknown rule or value throws with the reason.
 */
export function whatIfVariant(
  req: SimulationRequestSpec,
  variant: string,
  rule: string,
  value: string | boolean,
): string {
  if (!/^[a-z][A-Za-z0-9]*$/.test(rule)) throw new Error(`'${rule.slice(0, 40)}' is not a rule name`);
  if (typeof value !== 'boolean' && !/^[A-Za-z0-9_.-]{1,40}$/.test(value))
    throw new Error(`'${String(value).slice(0, 40)}' is not a rule value`);
  if (!req.variants.includes(variant))
    throw new Error(`variant '${variant.slice(0, 80)}' is not in the shown run`);
  const id = `${variant}+${rule}${value === true ? '' : `=${String(value)}`}`;
  resolveScenarioVariant(scenarioOfRequest(req), id);
  return id;
}
