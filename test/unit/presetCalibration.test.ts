// Honest calibration (issue #11): every calibration entry of every preset says what kind of value it is
// (a workload fact, fitted to a real-kernel measurement, fitted to a thread figure, or free), and every
// preset accounts for every field it sets.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = join(__dirname, '..', '..', 'presets');
const KINDS = /^(workload facts?:|free:|fitted to real kernel \([^)]+\):|fitted to thread figure \([^)]+\):)/;
const NOT_PARAMETERS = new Set(['$schema', 'name', 'description', 'seed', 'calibration']);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const read = (name: string): Record<string, Json> =>
  JSON.parse(readFileSync(join(DIR, `${name}.mmulens.json`), 'utf8')) as Record<string, Json>;

/** Dotted paths of the values a preset sets (objects recursed, arrays whole). */
function fieldsSet(o: Record<string, Json>, prefix = ''): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(o)) {
    if (!prefix && NOT_PARAMETERS.has(k)) continue;
    const p = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) out.push(...fieldsSet(v, p));
    else out.push(p);
  }
  return out;
}

describe('presets: honest calibration', () => {
  it('every calibration entry says: workload fact, free, fitted to real kernel (case) or fitted to thread figure (figure)', () => {
    for (const f of readdirSync(DIR).filter((n) => n.endsWith('.mmulens.json'))) {
      const cal = (JSON.parse(readFileSync(join(DIR, f), 'utf8')) as { calibration?: Record<string, string> })
        .calibration;
      for (const [k, v] of Object.entries(cal ?? {})) assert.match(v, KINDS, `${f}: calibration["${k}"]`);
    }
  });

  it('every preset accounts for every field it sets', () => {
    for (const name of readdirSync(DIR)
      .filter((n) => n.endsWith('.mmulens.json'))
      .map((n) => n.replace('.mmulens.json', ''))) {
      const j = read(name);
      const keys = Object.keys((j.calibration ?? {}) as object).flatMap((k) =>
        k.split(' / ').map((s) => s.replace(/ \(default\)$/, '')),
      );
      for (const p of fieldsSet(j)) {
        const covered = keys.some((q) => p === q || p.startsWith(`${q}.`));
        assert.ok(covered, `${name}: ${p} has no calibration entry`);
      }
    }
  });
});
