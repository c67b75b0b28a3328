// applySet(): `--set path=value` on a scenario, e.g. `guest.memory_gib=1024`, `workload.access_rate=5e4`,
// `device.kind=none`, `operations[0].at_s=3`. The value is parsed as JSON when it can be (numbers,
// booleans, arrays), else taken as a string; the result is validated again.
import { parseScenario } from './parseScenario';
import { ScenarioError, type Scenario } from './types';
import { PROTOTYPE_KEYS } from '../safety/jsonValue';
import { parseJsonText } from '../safety/jsonText';

/** A --set value is one scalar, array or small object. */
const MAX_SET_VALUE_CHARS = 64 * 1024;

function tokens(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!m)
      throw new ScenarioError(
        path,
        'a dotted path like guest.memory_gib or operations[0].at_s',
        JSON.stringify(path),
        '--set',
      );
    if (PROTOTYPE_KEYS.has(m[1]))
      throw new ScenarioError(path, 'a scenario field name', JSON.stringify(m[1]), '--set');
    out.push(m[1]);
    for (const idx of m[2].match(/\d+/g) ?? []) out.push(Number(idx));
  }
  return out;
}

export function applySet(sc: Scenario, assignment: string): Scenario {
  const eq = assignment.indexOf('=');
  if (eq <= 0) throw new ScenarioError(assignment, 'path=value', JSON.stringify(assignment), '--set');
  const path = assignment.slice(0, eq).trim();
  const text = assignment.slice(eq + 1).trim();
  if (text.length > MAX_SET_VALUE_CHARS)
    throw new ScenarioError(
      path,
      `a value of at most ${MAX_SET_VALUE_CHARS} characters`,
      `${text.length} characters`,
      '--set',
    );
  let value: unknown;
  try {
    value = parseJsonText(text, `--set ${path}`, MAX_SET_VALUE_CHARS);
  } catch {
    value = text;
  }
  const copy = structuredClone(sc) as unknown as Record<string | number, unknown>;
  const ts = tokens(path);
  let cur: Record<string | number, unknown> = copy;
  for (let i = 0; i < ts.length - 1; i++) {
    const next = Object.hasOwn(cur, ts[i]) ? cur[ts[i]] : undefined;
    if (next === undefined || next === null || typeof next !== 'object')
      throw new ScenarioError(
        ts.slice(0, i + 1).join('.'),
        'an object or array',
        JSON.stringify(next ?? null),
        '--set',
      );
    cur = next as Record<string | number, unknown>;
  }
  cur[ts[ts.length - 1]] = value;
  // vcpu_nodes was filled for the old topology: let parseScenario spread the vCPUs again.
  if (path === 'guest.vcpus' || path === 'host.numa_nodes')
    (copy.host as { vcpu_nodes: number[] }).vcpu_nodes = [];
  return parseScenario(copy, `--set ${path}`);
}
