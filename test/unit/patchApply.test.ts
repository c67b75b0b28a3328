// Applying hunks like GNU patch: offsets, fuzz (the file's context lines are kept), the
// fuzz-3 hunk GNU patch needs `-F3` for, a hunk that fits only in another function (rejected),
// and the same cases run through GNU patch itself, whose placement and text must agree.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { applySeries, parsePatchSeries } from '../../src/core/source/patch';
import type { AppliedSeries } from '../../src/core/source/patch';

/** A C file of two functions of our own, `n` filler lines first. */
function cFile(n = 0): string {
  const filler = Array.from({ length: n }, (_, k) => `/* filler ${k} */`);
  return [
    ...filler,
    '#include <linux/mm.h>',
    '',
    'static int alpha(struct vm_area_struct *vma)',
    '{',
    '\tint nr = 0;',
    '',
    '\tif (!vma)',
    '\t\treturn 0;',
    '\tnr = vma_pages(vma);',
    '\treturn nr;',
    '}',
    '',
    'static int beta(struct vm_area_struct *vma)',
    '{',
    '\tint nr = 0;',
    '',
    '\tif (!vma)',
    '\t\treturn 0;',
    '\tnr = vma_pages(vma) * 2;',
    '\treturn nr;',
    '}',
    '',
  ].join('\n');
}

/** A one-hunk patch of mm/x.c in beta(): `return 0` becomes `return -EINVAL` (3 context lines each side). */
const BETA_PATCH = [
  'diff --git a/mm/x.c b/mm/x.c',
  '--- a/mm/x.c',
  '+++ b/mm/x.c',
  '@@ -15,7 +15,7 @@ static int beta(struct vm_area_struct *vma)',
  ' \tint nr = 0;',
  ' ',
  ' \tif (!vma)',
  '-\t\treturn 0;',
  '+\t\treturn -EINVAL;',
  ' \tnr = vma_pages(vma) * 2;',
  ' \treturn nr;',
  ' }',
  '',
].join('\n');

async function apply(patch: string, file: string, maxFuzz?: number): Promise<AppliedSeries> {
  return applySeries(parsePatchSeries(patch, 'x.patch'), async (p) => (p === 'mm/x.c' ? file : undefined), {
    maxFuzz,
  });
}

/** The file with beta()'s `return 0` (the last one) made `return -EINVAL`. */
function expectedBeta(file: string): string {
  const at = file.lastIndexOf('\t\treturn 0;');
  return file.slice(0, at) + '\t\treturn -EINVAL;' + file.slice(at + '\t\treturn 0;'.length);
}

describe('patch apply: offsets and fuzz like GNU patch', () => {
  it('applies at the stated line: status applied, offset 0, fuzz 0', async () => {
    const a = await apply(BETA_PATCH, cFile());
    assert.deepEqual(a.failures, []);
    assert.equal(a.outcomes[0].status, 'applied');
    assert.deepEqual(
      a.outcomes[0].placed.map((p) => [p.line, p.offset, p.fuzz]),
      [[15, 0, 0]],
    );
    assert.equal(a.files.get('mm/x.c'), expectedBeta(cFile()));
  });

  it('applies 7 lines further down with offset 7', async () => {
    const a = await apply(BETA_PATCH, cFile(7));
    assert.equal(a.outcomes[0].status, 'applied with offset');
    assert.deepEqual(
      a.outcomes[0].placed.map((p) => [p.line, p.offset, p.fuzz]),
      [[22, 7, 0]],
    );
    assert.equal(a.files.get('mm/x.c'), expectedBeta(cFile(7)));
  });

  it('applies with fuzz 1 when the first context line drifted, and keeps the tree’s line', async () => {
    const drifted = cFile().replace(/(beta[^]*?)\tint nr = 0;/, '$1\tlong nr = 0;');
    const a = await apply(BETA_PATCH, drifted);
    assert.equal(a.outcomes[0].status, 'applied with fuzz');
    assert.deepEqual(
      a.outcomes[0].placed.map((p) => [p.offset, p.fuzz]),
      [[0, 1]],
    );
    assert.equal(a.files.get('mm/x.c'), expectedBeta(drifted));
    assert.match(a.files.get('mm/x.c') ?? '', /\tlong nr = 0;/);
  });

  it('needs fuzz 3 when the first trailing context line drifted; max fuzz 2 (GNU default) refuses', async () => {
    const drifted = cFile().replace('\tnr = vma_pages(vma) * 2;', '\tnr = vma_pages(vma) << 1;');
    const a = await apply(BETA_PATCH, drifted);
    assert.deepEqual(
      a.outcomes[0].placed.map((p) => [p.offset, p.fuzz]),
      [[0, 3]],
    );
    assert.equal(a.files.get('mm/x.c'), expectedBeta(drifted));
    const strict = await apply(BETA_PATCH, drifted, 2);
    assert.equal(strict.outcomes[0].status, 'failed');
    assert.match(strict.failures[0].reason, /nowhere in the file, even with fuzz 2/);
  });

  it('rejects a hunk that fits only in another function than its header names', async () => {
    const file = [
      'int foo(void)',
      '{',
      '\ta();',
      '\tb();',
      '\tc0();',
      '\td();',
      '\te();',
      '}',
      '',
      'int bar(void)',
      '{',
      '\ta2();',
      '\tb();',
      '\tc();',
      '\td();',
      '\te2();',
      '}',
      '',
    ].join('\n');
    const patch = [
      '--- a/mm/x.c',
      '+++ b/mm/x.c',
      '@@ -3,5 +3,5 @@ int foo(void)',
      ' \ta();',
      ' \tb();',
      '-\tc();',
      '+\tc(1);',
      ' \td();',
      ' \te();',
      '',
    ].join('\n');
    const a = await apply(patch, file);
    assert.equal(a.outcomes[0].status, 'failed');
    assert.equal(
      a.failures[0].reason,
      "it fits only at line 12, under 'int bar(void)', not in 'int foo(void)' as its header says: rejected, not misapplied",
    );
    assert.equal(a.files.get('mm/x.c'), file);
  });

  it('places each of a file’s hunks after the previous one (hunks never go backwards)', async () => {
    const alpha =
      '@@ -5,7 +5,7 @@ static int alpha(struct vm_area_struct *vma)\n \tint nr = 0;\n \n \tif (!vma)\n-\t\treturn 0;\n+\t\treturn -ENOENT;\n \tnr = vma_pages(vma);\n \treturn nr;\n }\n';
    const a = await apply(BETA_PATCH + alpha, cFile());
    assert.equal(a.outcomes[0].status, 'partly applied');
    assert.match(a.failures[0].reason, /after the previous hunk/);
    assert.equal(a.files.get('mm/x.c'), expectedBeta(cFile()));
  });
});

describe('patch apply: agrees with GNU patch (placement and text)', () => {
  const cases: { name: string; file: string; patch: string }[] = [
    { name: 'exact', file: cFile(), patch: BETA_PATCH },
    { name: 'offset +7', file: cFile(7), patch: BETA_PATCH },
    { name: 'offset -3', file: cFile(), patch: BETA_PATCH.replace('@@ -15,7 +15,7 @@', '@@ -18,7 +18,7 @@') },
    {
      name: 'fuzz 1',
      file: cFile().replace(/(beta[^]*?)\tint nr = 0;/, '$1\tlong nr = 0;'),
      patch: BETA_PATCH,
    },
    {
      name: 'fuzz 3',
      file: cFile(2).replace('\tnr = vma_pages(vma) * 2;', '\tnr = vma_pages(vma) << 1;'),
      patch: BETA_PATCH,
    },
  ];
  for (const c of cases) {
    it(`${c.name}: same line, offset, fuzz and text as \`patch -p1 -F3\``, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'lens-gnu-'));
      try {
        mkdirSync(dirname(join(dir, 'mm/x.c')), { recursive: true });
        writeFileSync(join(dir, 'mm/x.c'), c.file);
        writeFileSync(join(dir, 'x.patch'), c.patch);
        const said = execFileSync('patch', ['-p1', '-F3', '--verbose', '-i', 'x.patch'], {
          cwd: dir,
          encoding: 'utf8',
        });
        const gnu = /Hunk #1 succeeded at (\d+)(?: with fuzz (\d+))?(?: \(offset (-?\d+) lines?\))?/.exec(
          said,
        );
        const a = await apply(c.patch, c.file);
        const p = a.outcomes[0].placed[0];
        if (!gnu) {
          assert.match(said, /Hunk #1 succeeded at/);
        } else {
          assert.equal(p.line, Number(gnu[1]));
          assert.equal(p.fuzz, Number(gnu[2] ?? 0));
          assert.equal(p.offset, Number(gnu[3] ?? 0));
        }
        assert.equal(a.files.get('mm/x.c'), readFileSync(join(dir, 'mm/x.c'), 'utf8'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
