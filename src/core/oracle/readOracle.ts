// Read and validate a real-kernel result (oracle/result.schema.json; cases: parseOracleCase()), with ajv (the same library parseScenario() uses). A bad file gets one
// error naming the file and the JSON path of what is wrong.
import Ajv, { type ErrorObject } from 'ajv';
import resultSchema from '../../../oracle/result.schema.json';
import { parseOracleCase } from './oracleCase';
import type { OracleResult } from './oracleResult';

export class OracleDataError extends Error {
  constructor(
    readonly where: string,
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${where}: ${path || '(root)'}: ${problem}`);
    this.name = 'OracleDataError';
  }
}

type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
const compiled = new Map<object, Validator>();

function validator(schema: object): Validator {
  let v = compiled.get(schema);
  if (!v) {
    v = new Ajv({ allErrors: false, strict: false, formats: { 'date-time': true } }).compile(
      schema,
    ) as Validator;
    compiled.set(schema, v);
  }
  return v;
}

/** `/window/scan_passes` -> `window.scan_passes`; `/kvm_vcpus/0/role` -> `kvm_vcpus[0].role`. */
export function jsonPath(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

function describe(e: ErrorObject, where: string): OracleDataError {
  const p = e.params as Record<string, unknown>;
  let path = jsonPath(e.instancePath);
  let problem = e.message ?? 'invalid';
  if (e.keyword === 'additionalProperties') {
    path = path ? `${path}.${String(p.additionalProperty)}` : String(p.additionalProperty);
    problem = 'no such field';
  } else if (e.keyword === 'required') {
    path = path ? `${path}.${String(p.missingProperty)}` : String(p.missingProperty);
    problem = 'required field missing';
  } else if (e.keyword === 'enum') {
    problem = `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return new OracleDataError(where, path, problem);
}

function check<T>(schema: object, json: unknown, where: string): T {
  const v = validator(schema);
  if (!v(json)) {
    const e = v.errors?.[0];
    throw e ? describe(e, where) : new OracleDataError(where, '', 'invalid');
  }
  return json as T;
}

/** Parse JSON text; a syntax error names the file. */
export function parseJsonText(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new OracleDataError(where, '', `not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** A validated result. */
export function parseResult(json: unknown, where = 'result'): OracleResult {
  const r = check<OracleResult>(resultSchema, json, where);
  // The copy of the case as it ran, with its defaults filled like a case file's.
  return { ...r, case: parseOracleCase(r.case, `${where}: case`) };
}
