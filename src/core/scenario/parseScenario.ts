// parseScenario(): validate a scenario object against schemas/mmulens.schema.json (ajv, compiled once at
// runtime; bundles with esbuild) and fill every default. Errors name the JSON path, the expected and the
// received value.
import Ajv, { type ErrorObject } from 'ajv';
import schema from '../../../schemas/mmulens.schema.json';
import { DEFAULT_OPERATION, DEFAULT_OTHER_VMA, DEFAULT_SCENARIO, DEFAULT_SPECIAL } from './defaults';
import {
  ScenarioError,
  type OtherVma,
  type Scenario,
  type ScheduledOperation,
  type SpecialPages,
  type VcpuLoop,
} from './types';
import { checkJsonValue, PROTOTYPE_KEYS } from '../safety/jsonValue';
import { parseJsonText } from '../safety/jsonText';
import { checkScenarioVariants, type ScenarioVariant } from './scenarioVariants';

/** Largest scenario text read (a scenario is a few KB; 4096 special page ranges fit in 1 MiB). */
export const MAX_SCENARIO_CHARS = 1 << 20;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

let validator: Validator | null = null;
function validate(): Validator {
  if (!validator) validator = new Ajv({ allErrors: false, strict: false }).compile(schema) as Validator;
  return validator;
}

function pathOf(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

function at(root: unknown, instancePath: string): unknown {
  let cur: unknown = root;
  for (const p of instancePath.split('/').slice(1)) {
    if (cur && typeof cur === 'object')
      cur = (cur as Record<string, unknown>)[p.replace(/~1/g, '/').replace(/~0/g, '~')];
    else return undefined;
  }
  return cur;
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function describe(e: ErrorObject, root: unknown, where: string): ScenarioError {
  const p = e.params as Record<string, unknown>;
  let path = pathOf(e.instancePath);
  let expected = e.message ?? 'a valid value';
  let received = show(at(root, e.instancePath));
  switch (e.keyword) {
    case 'type':
      expected = `${String(p.type)}`;
      break;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      expected = `a number ${String(p.comparison)} ${String(p.limit)}`;
      break;
    case 'enum':
      expected = `one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
      break;
    case 'additionalProperties':
      path = path ? `${path}.${String(p.additionalProperty)}` : String(p.additionalProperty);
      expected = 'no such field (see schemas/mmulens.schema.json)';
      received = show(at(root, `${e.instancePath}/${String(p.additionalProperty)}`));
      break;
    case 'required':
      path = path ? `${path}.${String(p.missingProperty)}` : String(p.missingProperty);
      expected = 'a value (required)';
      received = 'nothing';
      break;
  }
  return new ScenarioError(path, expected, received, where);
}

function merge<T>(base: T, over: Json | undefined): T {
  if (over === undefined || over === null) return base;
  if (
    Array.isArray(base) ||
    typeof base !== 'object' ||
    base === null ||
    typeof over !== 'object' ||
    Array.isArray(over)
  )
    return over as T;
  const out = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(over)) {
    if (PROTOTYPE_KEYS.has(k)) continue; // refused by checkJsonValue or by the schema before this
    out[k] = merge(Object.hasOwn(out, k) ? out[k] : undefined, v);
  }
  return out as T;
}

/** Validate `json` (a parsed *.mmulens.json) and return a complete Scenario; throws ScenarioError. */
export function parseScenario(json: unknown, where = 'scenario'): Scenario {
  const bad = checkJsonValue(json);
  if (bad) throw new ScenarioError(bad.path, bad.expected, bad.received, where);
  const v = validate();
  if (!v(json)) {
    const e = v.errors?.[0];
    throw e ? describe(e, json, where) : new ScenarioError('', 'a valid scenario', show(json), where);
  }
  const raw = json as { [k: string]: Json };
  const sc = merge<Scenario>(structuredClone(DEFAULT_SCENARIO), raw);
  sc.special_pages = ((raw.special_pages as Json[] | undefined) ?? []).map(
    (s) => ({ ...DEFAULT_SPECIAL, ...(s as object) }) as SpecialPages,
  );
  sc.variants = ((raw.variants as Json[] | undefined) ?? []).map(
    (v) => structuredClone(v) as unknown as ScenarioVariant,
  );
  checkScenarioVariants(sc, where);
  sc.operations = ((raw.operations as Json[] | undefined) ?? []).map(
    (o) => ({ ...DEFAULT_OPERATION, ...(o as object) }) as ScheduledOperation,
  );
  sc.vmm.other_vmas = ((raw.vmm as { other_vmas?: Json[] } | undefined)?.other_vmas ?? []).map(
    (v) => ({ ...DEFAULT_OTHER_VMA, ...(v as object) }) as OtherVma,
  );
  for (const [i, v] of sc.vmm.other_vmas.entries())
    if (v.retouched_pages > v.protectable_pages || v.protectable_pages > v.mapped_pages)
      throw new ScenarioError(
        `vmm.other_vmas[${i}]`,
        'retouched_pages <= protectable_pages <= mapped_pages',
        `${v.retouched_pages} / ${v.protectable_pages} / ${v.mapped_pages}`,
        where,
      );
  sc.workload.vcpu_loops = ((sc.workload.vcpu_loops ?? []) as Partial<VcpuLoop>[]).map(
    (l) => ({ kind: 'sweep', gfn: 0, pages: 0, off_during_ops_ms: 0, ...l }) as VcpuLoop,
  );
  if (sc.workload.vcpu_loops.length > 0 && sc.workload.vcpu_loops.length !== sc.guest.vcpus)
    throw new ScenarioError(
      'workload.vcpu_loops',
      `one loop per vCPU (guest.vcpus = ${sc.guest.vcpus})`,
      `${sc.workload.vcpu_loops.length} loops`,
      where,
    );
  if (!sc.host.vcpu_nodes || sc.host.vcpu_nodes.length === 0)
    sc.host.vcpu_nodes = Array.from({ length: sc.guest.vcpus }, (_, i) =>
      Math.floor((i * sc.host.numa_nodes) / sc.guest.vcpus),
    );
  for (const [i, n] of sc.host.vcpu_nodes.entries())
    if (n >= sc.host.numa_nodes)
      throw new ScenarioError(
        `host.vcpu_nodes[${i}]`,
        `a node < host.numa_nodes (${sc.host.numa_nodes})`,
        String(n),
        where,
      );
  return sc;
}

/**
 * Parse a scenario file's text (a UTF-8 BOM is dropped; size and nesting are bounded) and validate
 * it. Throws JsonTextError (`where:line:column: problem`) or ScenarioError.
 */
export function parseScenarioText(text: string, where = 'scenario'): Scenario {
  return parseScenario(parseJsonText(text, where, MAX_SCENARIO_CHARS), where);
}
