// Fuzzing the patch parser (fast-check, 10,000 cases): the RFC v2 fixture series cut,
// with lines dropped, duplicated or altered, and patch-like junk. Parsing, finding sites
// and applying in memory must never throw; every diagnostic names the file; every site and
// hunk line points inside the patch text.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { applySeries, findSitesInPatch } from '../../src/core/source/patch';
import { rfcV2Mbox } from './seriesFixture';

const SERIES = rfcV2Mbox().split('\n');
const JUNK = [
  '@@ -1,3 +1,4 @@',
  '@@ -x @@',
  '+',
  '-',
  ' ',
  '',
  '\\ No newline at end of file',
  'diff --git a/x.c b/x.c',
  '--- a/x.c',
  '+++ b/x.c',
  '---',
  '-- ',
  'From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001',
  'Subject: [PATCH 9/2] x',
  'GIT binary patch',
  '+\tmmu_notifier_release(mm);',
  '-\tmmu_notifier_invalidate_range_start(&range);',
  ' }',
  '+{',
];

const mutation = fc.record({
  cut: fc.nat({ max: SERIES.length }),
  edits: fc.array(
    fc.tuple(
      fc.nat({ max: SERIES.length }),
      fc.constantFrom<'drop' | 'dup' | 'junk' | 'flip'>('drop', 'dup', 'junk', 'flip'),
      fc.constantFrom(...JUNK),
    ),
    { maxLength: 6 },
  ),
});

function mutate(m: { cut: number; edits: [number, 'drop' | 'dup' | 'junk' | 'flip', string][] }): string {
  const lines = SERIES.slice(0, Math.max(m.cut, 1));
  for (const [at, op, junk] of m.edits) {
    const i = at % lines.length;
    if (op === 'drop') lines.splice(i, 1);
    else if (op === 'dup') lines.splice(i, 0, lines[i]);
    else if (op === 'junk') lines.splice(i, 0, junk);
    else lines[i] = lines[i].startsWith('+') ? `-${lines[i].slice(1)}` : `+${lines[i]}`;
    if (lines.length === 0) lines.push('');
  }
  return lines.join('\n');
}

function check(text: string): void {
  const n = text.split('\n').length;
  const { sites, diagnostics, series } = findSitesInPatch(text, 'fuzz.mbox');
  for (const d of diagnostics) assert.ok(d.message.startsWith('fuzz.mbox'), d.message);
  for (const s of sites) assert.ok(s.line >= 1 && s.line <= n, `site line ${s.line} of ${n}`);
  for (const p of series.patches)
    for (const f of p.files)
      for (const h of f.hunks) for (const l of h.lines) assert.ok(l.patchLine >= 1 && l.patchLine <= n);
}

describe('patch parser fuzz (fast-check)', function () {
  this.timeout(60_000);

  it('never throws on 6,000 cut and mangled copies of the RFC v2 series', () => {
    const t0 = performance.now();
    fc.assert(
      fc.property(mutation, (m) => check(mutate(m))),
      { numRuns: 6000, seed: 42 },
    );
    console.log(`      6,000 mangled series in ${Math.round(performance.now() - t0)} ms`);
  });

  it('never throws on 3,000 junk patches built from diff-like lines', () => {
    const junk = fc
      .array(fc.oneof(fc.constantFrom(...JUNK), fc.string({ maxLength: 30 })), { maxLength: 60 })
      .map((xs) => xs.join('\n'));
    fc.assert(
      fc.property(junk, (t) => check(t)),
      { numRuns: 3000, seed: 9 },
    );
  });

  it('applies 1,000 mangled series in memory without throwing; failures name patch, file and hunk', async () => {
    const tree = new Map<string, string>();
    for (const p of findSitesInPatch(rfcV2Mbox(), 'x').series.patches)
      for (const f of p.files)
        tree.set(
          f.path,
          f.hunks.flatMap((h) => h.lines.filter((l) => l.kind !== '+').map((l) => l.text)).join('\n'),
        );
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        const { series } = findSitesInPatch(mutate(m), 'fuzz.mbox');
        const applied = await applySeries(series, async (p) => tree.get(p));
        for (const f of applied.failures) {
          assert.ok(f.patch.length > 0 && f.file.length > 0 && (f.hunk === '' || f.hunk.startsWith('@@')));
          assert.ok(f.reason.length > 0 && f.patchLine > 0);
          assert.ok(f.expectedLine >= 0);
        }
      }),
      { numRuns: 1000, seed: 5 },
    );
  });
});
