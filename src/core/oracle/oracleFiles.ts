// The oracle's files on disk (Node only: the CLI, `npm run validate` and the tests): cases in
// oracle/cases/*.json, results in oracle/results/<kernel package version>/<case>.json, and the scenario
// file a case may name.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseScenario } from '../scenario/parseScenario';
import { overLimit, readRegularPrefixSync } from '../source/regularFile';
import type { Scenario } from '../scenario/types';
import { OracleDataError, parseJsonText, parseResult } from './readOracle';
import { parseOracleCase, type OracleCase } from './oracleCase';
import type { OracleResult } from './oracleResult';

/** Case, result and scenario files are JSON of a few MB at most (the largest result is ~1.3 MB). */
const MAX_ORACLE_FILE_BYTES = 16 * 1024 * 1024;

/** A regular file's text, within the limit; a FIFO, a device or a folder is refused, never waited on. */
let readBuffer: Buffer | undefined;
function readText(path: string): string {
  const buf = (readBuffer ??= Buffer.allocUnsafe(MAX_ORACLE_FILE_BYTES + 1));
  let got: { length: number; size: number };
  try {
    got = readRegularPrefixSync(path, buf);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new OracleDataError(path, '', code ? `cannot read (${code})` : (e as Error).message);
  }
  if (got.size > MAX_ORACLE_FILE_BYTES || got.length > MAX_ORACLE_FILE_BYTES)
    throw new OracleDataError(path, '', overLimit(got.size, MAX_ORACLE_FILE_BYTES));
  return buf.toString('utf8', 0, got.length);
}

export function loadCaseFile(path: string): OracleCase {
  const name = path.split(/[\\/]/).pop() ?? '';
  return parseOracleCase(parseJsonText(readText(path), path), path, name.replace(/\.json$/, ''));
}

export function loadResultFile(path: string): OracleResult {
  return parseResult(parseJsonText(readText(path), path), path);
}

/** The scenario file a case names (path from `root`, the repository root), parsed; null if none. */
export function loadNamedScenario(c: OracleCase, root: string): Scenario | null {
  if (!c.scenario) return null;
  const p = resolve(root, c.scenario);
  return parseScenario(parseJsonText(readText(p), p), p);
}

/** Every case in `<root>/oracle/cases`, sorted by name. */
export function loadCases(root: string): OracleCase[] {
  const dir = join(root, 'oracle', 'cases');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => loadCaseFile(join(dir, f)));
}

/** Every result file in `<root>/oracle/results/<version>/`, sorted by case then kernel series. */
export function resultFiles(root: string): string[] {
  const dir = join(root, 'oracle', 'results');
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const v of readdirSync(dir).sort()) {
    const vd = join(dir, v);
    if (!statSync(vd).isDirectory()) continue;
    for (const f of readdirSync(vd).sort())
      if (f.endsWith('.json') && !f.includes('.trace') && !f.includes('.vmstat')) out.push(join(vd, f));
  }
  return out;
}

export function loadResults(root: string): OracleResult[] {
  return resultFiles(root)
    .map(loadResultFile)
    .sort((a, b) =>
      a.case_name === b.case_name
        ? a.kernel.series.localeCompare(b.kernel.series, 'en', { numeric: true })
        : a.case_name.localeCompare(b.case_name),
    );
}
