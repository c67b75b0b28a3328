// Resolving a variant id to its rules: `v6.12`, `rfc-v2`, or `rfc-v2:p1+p2` (any subset of RFC v2's patches).
import { BASE_RECORD, RFC_V2_PATCHES, VARIANT_RECORDS } from './variants';
import type { ResolvedVariant, RuleName, RuleSetting, VariantRecord, VariantRules } from './rules';
import { parseRuleTokens, splitRuleSuffix } from './ruleOverrides';

export type { ResolvedVariant, VariantRules, VariantRecord, RuleSetting, RuleName } from './rules';
export { ruleVariantId, splitRuleSuffix, type RuleOverride } from './ruleOverrides';

export class VariantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VariantError';
  }
}

const byId = new Map(VARIANT_RECORDS.map((r) => [r.id, r]));
/** Every rule name (the base variant sets them all). */
const BASE_RECORD_RULES = Object.fromEntries(BASE_RECORD.set.map((s) => [s.rule, true]));
const patchById = new Map(RFC_V2_PATCHES.map((p) => [p.id, p]));

function apply(target: ResolvedVariant, settings: RuleSetting[]): void {
  const rules = target.rules as unknown as Record<RuleName, VariantRules[RuleName]>;
  for (const s of settings) {
    rules[s.rule] = s.value;
    target.cites[s.rule] = s.cite;
  }
}

function chain(rec: VariantRecord): VariantRecord[] {
  const out: VariantRecord[] = [];
  for (let r: VariantRecord | undefined = rec; r; r = r.extends ? byId.get(r.extends) : undefined)
    out.unshift(r);
  return out;
}

function resolveRecords(id: string, description: string, records: VariantRecord[]): ResolvedVariant {
  const v: ResolvedVariant = { id, description, rules: {} as VariantRules, cites: {} };
  for (const r of records) apply(v, r.set);
  return v;
}

function unknown(id: string): VariantError {
  const known = [...byId.keys(), 'rfc-v2:p1+p2+…', 'v6.12+ruleName[=value]…'].join(', ');
  return new VariantError(`unknown variant '${id}' (known: ${known})`);
}

/** True when `name` is a rule (the base variant sets every rule). */
export function isRuleName(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(BASE_RECORD_RULES, name);
}

/**
 * `base` with the rule tokens of the id `id` (`rule[=value]`, the part after its base) applied, as
 * the variant `id`; throws VariantError naming a token that is not a rule or has a wrong value.
 */
export function withRuleTokens(id: string, base: ResolvedVariant, tokens: string[]): ResolvedVariant {
  let overrides;
  try {
    overrides = parseRuleTokens(id, base, tokens, (rule) => [
      ...new Set(
        [...VARIANT_RECORDS, ...RFC_V2_PATCHES].flatMap((r) =>
          r.set.filter((x) => x.rule === rule).map((x) => x.value),
        ),
      ),
    ]);
  } catch (e) {
    throw new VariantError((e as Error).message);
  }
  const v: ResolvedVariant = {
    id,
    description: `${base.description}; with ${tokens.join(', ')}`,
    rules: { ...base.rules },
    cites: { ...base.cites },
  };
  apply(
    v,
    overrides.map(
      (o) => ({ rule: o.rule, value: o.value, cite: `set by the variant id ${id}` }) as RuleSetting,
    ),
  );
  return v;
}

/** Parse and resolve a variant id; throws VariantError naming the known ids on anything else. */
export function parseVariantId(id: string): ResolvedVariant {
  const trimmed = id.trim();
  const withRules = splitRuleSuffix(trimmed, isRuleName);
  if (withRules) return withRuleTokens(trimmed, parseVariantId(withRules.base), withRules.tokens);
  const colon = trimmed.indexOf(':');
  if (colon < 0) {
    const rec = byId.get(trimmed);
    if (!rec) throw unknown(trimmed);
    const records = chain(rec);
    if (trimmed === 'rfc-v2') records.push(...RFC_V2_PATCHES);
    return resolveRecords(trimmed, rec.description, records);
  }
  const base = trimmed.slice(0, colon);
  if (base !== 'rfc-v2')
    throw new VariantError(`variant '${trimmed}': only rfc-v2 takes a patch subset (rfc-v2:p1+p2)`);
  const names = trimmed
    .slice(colon + 1)
    .split('+')
    .map((s) => s.trim());
  const patches: VariantRecord[] = [];
  for (const n of names) {
    const p = patchById.get(n);
    if (!p) throw new VariantError(`variant '${trimmed}': unknown patch '${n}' (rfc-v2 has p1..p5)`);
    if (!patches.includes(p)) patches.push(p);
  }
  patches.sort((a, b) => a.id.localeCompare(b.id));
  const canonical = `rfc-v2:${patches.map((p) => p.id).join('+')}`;
  const desc = `RFC v2 with ${patches.map((p) => p.id).join(', ')} only`;
  return resolveRecords(canonical, desc, [...chain(byId.get('v6.5') ?? BASE_RECORD), ...patches]);
}

export interface VariantListing {
  id: string;
  description: string;
  extends: string | null;
  rules: RuleSetting[];
}

/** Every named variant with the rules it sets itself (not inherited ones); the RFC v2 patches as `rfc-v2:pN`. */
export function listVariants(): VariantListing[] {
  const out: VariantListing[] = VARIANT_RECORDS.map((r) => ({
    id: r.id,
    description: r.description,
    extends: r.extends ?? null,
    rules: r.id === 'rfc-v2' ? RFC_V2_PATCHES.flatMap((p) => p.set) : r.set,
  }));
  for (const p of RFC_V2_PATCHES)
    out.push({
      id: `rfc-v2:${p.id}`,
      description: `RFC v2 ${p.id}: ${p.description}`,
      extends: 'v6.5',
      rules: p.set,
    });
  return out;
}
