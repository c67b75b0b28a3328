// Case files → validated cases, and a case → the VMM's command line inside L2 (oracle/vmm/main.c).
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { type OracleCase, OracleCaseError, parseOracleCase } from '../../src/core/oracle';

export const ORACLE_DIR = join(__dirname, '..');
export const REPO_DIR = join(ORACLE_DIR, '..');
export const CASES_DIR = join(ORACLE_DIR, 'cases');

/** Read and validate one case file; throws OracleCaseError naming the file and the JSON path. */
export function loadCase(path: string): OracleCase {
  const where = relative(process.cwd(), path) || path;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new OracleCaseError(where, '', `not readable JSON (${(e as Error).message})`);
  }
  return parseOracleCase(json, where, basename(path, '.json'));
}

export function allCasePaths(): string[] {
  return readdirSync(CASES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(CASES_DIR, f));
}

/** The oraclevmm options for a case (without --name/--out, which L2's init adds). */
export function vmmArgs(c: OracleCase): string[] {
  const a = ['--mib', String(c.memory_mib), '--backing', c.backing, '--op', c.operation.kind];
  if (c.pinning === 'all') a.push('--pin');
  if (c.placement === 'remote') a.push('--remote');
  if (c.vcpus.spinner) a.push('--spinner');
  if (c.vcpus.contender) a.push('--contender');
  a.push('--op-off', String(c.operation.offset_mib), '--op-len', String(c.operation.length_mib));
  a.push('--repeat', String(c.operation.repeat), '--target-node', String(c.operation.target_node));
  a.push(
    '--scan-passes',
    String(c.window.scan_passes),
    '--passes-after',
    String(c.window.toucher_passes_after),
  );
  a.push('--timeout', String(c.window.timeout_s));
  if (c.trace_ranges) a.push('--trace-ranges');
  if (c.raw_trace) a.push('--raw-trace');
  return a;
}

/** L2's /cases.txt: one line per case, "name options…". */
export function casesTxt(cases: OracleCase[]): string {
  return cases.map((c) => `${c.name} ${vmmArgs(c).join(' ')}\n`).join('');
}

/** Upper bound of one case inside L2: warm-up (≤ 120 s in the VMM), window, read-out. */
export function caseBudgetS(c: OracleCase): number {
  return c.window.timeout_s * 1.5 + 90;
}
