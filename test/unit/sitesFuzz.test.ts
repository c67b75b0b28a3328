// Fuzzing the scanner (fast-check, 10,000 cases): C-ish token soup with notifier names,
// braces, comments, strings, directives and junk. It must never throw, must stay linear
// (the whole run is timed), and every site's range must cover its callee in the text.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { scanSourceText, SiteCache } from '../../src/core/source/scanner';

const PIECES = [
  'mmu_notifier_invalidate_range_start',
  'mmu_notifier_range_init',
  'mmu_notifier_release',
  'mmu_interval_read_begin',
  'mmu_notifier_ops',
  'mmu_interval_notifier_ops',
  'struct',
  'static',
  'const',
  'void',
  'f',
  'g',
  'range',
  'MMU_NOTIFY_CLEAR',
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  ';',
  ',',
  '=',
  '==',
  '.',
  '.invalidate',
  '->',
  '&',
  '*',
  '"',
  "'",
  '/*',
  '*/',
  '//',
  '\\',
  '#define X(a) ',
  '#if 1',
  '#ifdef CONFIG_X',
  '#else',
  '#elif Y',
  '#endif',
  '#',
  '\n',
  '\n',
  '\n',
  '\t',
  ' ',
  ' ',
  'é',
  '\r\n',
  '0x1f',
  '1e+5',
];

const csoup = fc.array(fc.constantFrom(...PIECES), { maxLength: 120 }).map((xs) => xs.join(''));

function checkResult(text: string): void {
  const r = scanSourceText(text, 'fuzz.c');
  const lines = text.split('\n');
  for (const s of r.sites) {
    assert.ok(s.line >= 1 && s.line <= lines.length, `line ${s.line} out of range`);
    assert.ok(s.column >= 0 && s.column < s.endColumn, 'empty or negative range');
    const line = lines[s.line - 1].replace(/\r$/, '');
    const covered = line.slice(s.column, s.endColumn);
    if (s.kind === 'call') assert.equal(covered, s.callee);
    else if (s.kind === 'ops_field')
      assert.equal(covered.replace(/^\.\s*/, '.'), `.${s.callee.split('.')[1]}`);
    else assert.equal(covered, s.handler);
  }
  for (const d of r.diagnostics) assert.ok(d.message.startsWith('fuzz.c'), d.message);
}

describe('site scanner fuzz (fast-check)', function () {
  this.timeout(30_000);

  it('never throws and reports exact ranges on 8,000 token soups', () => {
    const t0 = performance.now();
    fc.assert(
      fc.property(csoup, (text) => checkResult(text)),
      { numRuns: 8000, seed: 20260501 },
    );
    console.log(`      8,000 token soups in ${Math.round(performance.now() - t0)} ms`);
  });

  it('never throws on 2,000 arbitrary unicode strings with a notifier name inside', () => {
    const arb = fc.tuple(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
    );
    fc.assert(
      fc.property(arb, ([a, b]) => {
        checkResult(`${a}mmu_notifier_release(${b}`);
      }),
      { numRuns: 2000, seed: 7 },
    );
  });

  it('SiteCache returns the same result for the same (uri, version) and rescans on a new version', () => {
    fc.assert(
      fc.property(csoup, csoup, (a, b) => {
        const cache = new SiteCache(4);
        const r1 = cache.get('file:///a.c', 1, a);
        assert.equal(
          cache.get('file:///a.c', 1, () => 'not read on a hit'),
          r1,
        );
        const r2 = cache.get('file:///a.c', 2, b);
        assert.deepEqual(r2.sites, scanSourceText(b, 'file:///a.c').sites);
        assert.equal(cache.hits, 1);
        assert.equal(cache.misses, 2);
      }),
      { numRuns: 300, seed: 3 },
    );
  });

  it('is linear: 200,000 unclosed braces and 100,000 unterminated strings scan in well under a second', () => {
    const t0 = performance.now();
    scanSourceText(`mmu_notifier_release(${'{'.repeat(200_000)}`, 'braces.c');
    scanSourceText(`void f(void) {\n${'"mmu_notifier_release(\n'.repeat(100_000)}`, 'strings.c');
    assert.ok(performance.now() - t0 < 2000);
  });
});
