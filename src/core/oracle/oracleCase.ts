// parseOracleCase(): validate a real-kernel oracle case (oracle/case.schema.json, ajv) and fill its
// defaults. Errors name the JSON path, what was expected and what was found, like parseScenario().
import Ajv, { type ErrorObject } from 'ajv';
import schema from '../../../oracle/case.schema.json';

export type OracleBacking = '4k' | 'thp' | 'memfd';
export type OracleOperationKind =
  | 'numa_balancing'
  | 'madvise_dontneed'
  | 'mprotect'
  | 'munmap'
  | 'mremap'
  | 'ksm_merge'
  | 'madv_collapse'
  | 'move_pages'
  | 'madv_pageout'
  | 'clear_refs_soft_dirty';

/** A case with every default filled (field meanings: oracle/case.schema.json). */
export interface OracleCase {
  name: string;
  description: string;
  scenario?: string;
  memory_mib: number;
  backing: OracleBacking;
  pinning: 'none' | 'all';
  placement: 'remote' | 'local';
  vcpus: { spinner: boolean; contender: boolean };
  operation: {
    kind: OracleOperationKind;
    offset_mib: number;
    length_mib: number;
    repeat: number;
    /** move_pages only; filled with the toucher's node. */
    target_node: 0 | 1;
  };
  window: { scan_passes: number; toucher_passes_after: number; timeout_s: number };
  trace_ranges: boolean;
  raw_trace: boolean;
}

export class OracleCaseError extends Error {
  constructor(
    readonly where: string,
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${where}: ${path || '(root)'}: ${problem}`);
    this.name = 'OracleCaseError';
  }
}

type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
let validator: Validator | null = null;

function jsonPath(instancePath: string, extra?: string): string {
  const parts = instancePath.split('/').slice(1);
  if (extra) parts.push(extra);
  return parts
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

function explain(e: ErrorObject): OracleCaseError['problem'] {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'enum':
      return `expected one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'additionalProperties':
      return 'no such field (see oracle/case.schema.json)';
    case 'required':
      return 'missing (required)';
    default:
      return `expected ${e.message ?? 'a valid value'}`;
  }
}

/** Validate a parsed case file; `where` names it in errors (e.g. its path); `fileName` (without .json) must equal name. */
export function parseOracleCase(json: unknown, where = 'case', fileName?: string): OracleCase {
  validator ??= new Ajv({ allErrors: false, strict: false }).compile(schema) as Validator;
  if (!validator(json)) {
    const e = validator.errors?.[0];
    if (!e) throw new OracleCaseError(where, '', 'not a valid case');
    const extra =
      e.keyword === 'additionalProperties'
        ? String((e.params as Record<string, unknown>).additionalProperty)
        : e.keyword === 'required'
          ? String((e.params as Record<string, unknown>).missingProperty)
          : undefined;
    throw new OracleCaseError(where, jsonPath(e.instancePath, extra), explain(e));
  }
  const raw = json as Record<string, never> & {
    name: string;
    memory_mib: number;
    operation: Partial<OracleCase['operation']> & { kind: OracleOperationKind };
    window: Partial<OracleCase['window']> & { timeout_s: number };
    vcpus?: Partial<OracleCase['vcpus']>;
  };
  if (fileName !== undefined && fileName !== raw.name)
    throw new OracleCaseError(where, 'name', `expected the file name "${fileName}", found "${raw.name}"`);
  const placement = (raw.placement as OracleCase['placement'] | undefined) ?? 'remote';
  const offset = raw.operation.offset_mib ?? 0;
  const c: OracleCase = {
    name: raw.name,
    description: (raw.description as string | undefined) ?? '',
    memory_mib: raw.memory_mib,
    backing: raw.backing as OracleBacking,
    pinning: raw.pinning as OracleCase['pinning'],
    placement,
    vcpus: { spinner: raw.vcpus?.spinner ?? false, contender: raw.vcpus?.contender ?? false },
    operation: {
      kind: raw.operation.kind,
      offset_mib: offset,
      length_mib: raw.operation.length_mib ?? raw.memory_mib - offset,
      repeat: raw.operation.repeat ?? 1,
      target_node: raw.operation.target_node ?? 0,
    },
    window: {
      scan_passes: raw.window.scan_passes ?? 0,
      toucher_passes_after: raw.window.toucher_passes_after ?? 1,
      timeout_s: raw.window.timeout_s,
    },
    trace_ranges: (raw.trace_ranges as boolean | undefined) ?? false,
    raw_trace: (raw.raw_trace as boolean | undefined) ?? false,
  };
  if (raw.scenario !== undefined) c.scenario = raw.scenario as string;
  if (c.backing === 'thp' && c.memory_mib % 2 !== 0)
    throw new OracleCaseError(
      where,
      'memory_mib',
      `expected a multiple of 2 for backing "thp", found ${c.memory_mib}`,
    );
  if (c.operation.offset_mib + c.operation.length_mib > c.memory_mib)
    throw new OracleCaseError(
      where,
      'operation.length_mib',
      `offset_mib + length_mib (${c.operation.offset_mib + c.operation.length_mib}) exceeds memory_mib (${c.memory_mib})`,
    );
  if (c.operation.kind === 'numa_balancing' && c.window.scan_passes < 1)
    throw new OracleCaseError(where, 'window.scan_passes', 'expected ≥ 1 for operation numa_balancing');
  return c;
}
