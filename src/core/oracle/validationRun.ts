// Run every committed real result's case on the simulator (the variant of its kernel) and build
// docs/validation.md. Used by `npm run validate` (scripts/validate.ts) and by the unit test that keeps
// the committed page up to date.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCases, loadNamedScenario, loadResults } from './oracleFiles';
import { buildOracleIndex } from './oracleIndex';
import { simulateCase } from './runCase';
import { compareRun, type Comparison } from './compare';
import { parseJsonText, OracleDataError } from './readOracle';
import type { OracleResult } from './oracleResult';
import { VARIANT_OF_SERIES } from './types';
import { validationMarkdown, type ValidationNotes } from './validationDoc';

export const VALIDATION_DOC = /* @__PURE__ */ join('docs', 'validation.md');
export const VALIDATION_NOTES = /* @__PURE__ */ join('docs', 'validation-notes.json');
export const ORACLE_INDEX = /* @__PURE__ */ join('src', 'core', 'oracle', 'oracleIndex.json');

export interface Validation {
  results: OracleResult[];
  comparisons: Comparison[][];
  notes: ValidationNotes;
  markdown: string;
  /** oracleIndex.json's text. */
  index: string;
}

export function loadNotes(root: string): ValidationNotes {
  const p = join(root, VALIDATION_NOTES);
  if (!existsSync(p)) return {};
  const json = parseJsonText(readFileSync(p, 'utf8'), p);
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new OracleDataError(p, '', 'expected an object of "case/series/source:name": "explanation"');
  for (const [k, v] of Object.entries(json))
    if (typeof v !== 'string') throw new OracleDataError(p, k, 'expected a string');
  return json as ValidationNotes;
}

export function runValidation(root: string): Validation {
  const results = loadResults(root).filter((r) => r.status === 'ok');
  const comparisons = results.map((r) => {
    const variant = VARIANT_OF_SERIES[r.kernel.series];
    const named = loadNamedScenario(r.case, root) ?? undefined;
    const [sim] = simulateCase(r.case, [variant], named);
    return compareRun(r, sim);
  });
  const notes = loadNotes(root);
  return {
    results,
    comparisons,
    notes,
    markdown: validationMarkdown({ results, comparisons, notes }) + '\n',
    index: JSON.stringify(buildOracleIndex(loadCases(root), results), null, 1) + '\n',
  };
}
