// docs/validation.md: generated from the committed real results and the current model, kept up to date;
// the generator's summary, ranking and notes lookup (on a synthetic fixture result, never ground truth).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ORACLE_INDEX, runValidation, VALIDATION_DOC } from '../../src/core/oracle/validationRun';
import {
  beyond2x,
  mismatchSize,
  noteFor,
  summaryCounts,
  validationMarkdown,
} from '../../src/core/oracle/validationDoc';

const ROOT = join(__dirname, '..', '..');
const FIXTURES = join(__dirname, '..', 'fixtures');

describe('oracle: docs/validation.md', () => {
  // one validation run (every case on both kernels, ~30 s alone, minutes on a loaded machine) for both checks
  let repo: ReturnType<typeof runValidation>;
  before(function () {
    this.timeout(300_000);
    repo = runValidation(ROOT);
  });

  it('is up to date with oracle/results and the current model (else: npm run validate)', () => {
    const v = repo;
    const committed = readFileSync(join(ROOT, VALIDATION_DOC), 'utf8');
    assert.ok(committed === v.markdown, `${VALIDATION_DOC} is out of date: run npm run validate`);
    const index = readFileSync(join(ROOT, ORACLE_INDEX), 'utf8');
    assert.ok(index === v.index, `${ORACLE_INDEX} is out of date: run npm run validate`);
  });

  it('every mismatch beyond 2x in the committed results has its explanation', () => {
    const v = repo;
    const missing = beyond2x(v.comparisons.flat())
      .filter((c) => noteFor(v.notes, c) === null)
      .map(
        (c) =>
          `${c.caseName}/${c.series}/${c.mapping.source}:${c.mapping.real} (real ${c.real}, simulated ${c.sim})`,
      );
    assert.deepEqual(missing, [], 'add them to docs/validation-notes.json');
  });

  it('summarises, ranks the largest mismatches and finds the most specific note', () => {
    const v = runValidation(FIXTURES);
    const all = v.comparisons.flat();
    const s = summaryCounts(all);
    assert.equal(s.within125 + (s.within2 - s.within125) + s.beyond, all.length);
    const big = beyond2x(all);
    assert.ok(big.length >= 1);
    // largest ratio first (which counter that is depends on the model; the fixture's real side is synthetic)
    for (let i = 1; i < big.length; i++)
      assert.ok(mismatchSize(big[i - 1]) >= mismatchSize(big[i]), 'ranked');
    const req = big.find((c) => c.mapping.real === 'remote_tlb_flush_requests');
    assert.ok(req, 'real 30 vs hundreds or more is beyond 2x');
    const notes = {
      '*/*/kvm_vm:remote_tlb_flush_requests': 'generic',
      'nb-4k-pinned-spinner/6.1/kvm_vm:remote_tlb_flush_requests': 'specific',
    };
    assert.equal(noteFor(notes, req), 'specific');
    assert.equal(noteFor({ '*/6.1/kvm_vm:remote_tlb_flush_requests': 'series' }, req), 'series');
    const md = validationMarkdown({ results: v.results, comparisons: v.comparisons, notes });
    assert.match(md, /within 1\.25×/);
    assert.match(
      md,
      /\| kvm vm remote_tlb_flush_requests \| remote_tlb_flush_requests \| 30 \| [\d,]+ \| [\d.]+ \| beyond 2x \|/,
    );
    assert.match(md, /## Largest mismatches[\s\S]*specific/);
  });
});
