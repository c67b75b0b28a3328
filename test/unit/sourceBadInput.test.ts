// Bad input through the node-side reader, the folder scan and the CLI: binary files, files
// over 5 MB, non-UTF-8 text, unbalanced braces, truncated patches, bad arguments. Each gives
// a message naming the file and the problem; nothing throws, nothing hangs.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDetect } from '../../src/cli/detectCommand';
import { runSites } from '../../src/cli/sitesCommand';
import { readSourceFile, scanPathSites } from '../../src/core/source/nodeFs';
import { rfcV2Mbox } from './seriesFixture';
import { capture } from './captureIo';

describe('bad input: files, folders and the CLI', function () {
  this.timeout(30_000);
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mmu-lens-bad-'));
    mkdirSync(join(dir, 'mm'));
    writeFileSync(
      join(dir, 'mm', 'binary.c'),
      Buffer.concat([Buffer.from('mmu_notifier_release('), Buffer.from([0, 1, 2, 0xff])]),
    );
    writeFileSync(
      join(dir, 'mm', 'latin1.c'),
      Buffer.concat([
        Buffer.from('/* caf'),
        Buffer.from([0xe9]),
        Buffer.from(' */\nvoid f(void)\n{\n\tmmu_notifier_release(mm);\n}\n'),
      ]),
    );
    writeFileSync(join(dir, 'mm', 'huge.c'), `/* mmu_notifier */\n${'int x;\n'.repeat(800_000)}`);
    writeFileSync(
      join(dir, 'mm', 'unbalanced.c'),
      'void f(void)\n{\n\tif (x) {\n\t\tmmu_notifier_release(mm);\n',
    );
    const full = rfcV2Mbox();
    writeFileSync(
      join(dir, 'cut.patch'),
      full.slice(0, full.indexOf('+\tif (prot_numa)\n+\t\tmmu_notifier_numa_protect')),
    );
    writeFileSync(join(dir, 'Makefile'), 'VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 0\nEXTRAVERSION =\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('readSourceFile names the file and the problem', async () => {
    assert.deepEqual(
      (await readSourceFile(join(dir, 'mm', 'binary.c'), 'mm/binary.c')).diagnostics.map((d) => d.message),
      ['mm/binary.c: binary file (NUL bytes); not scanned'],
    );
    const latin = await readSourceFile(join(dir, 'mm', 'latin1.c'), 'mm/latin1.c');
    assert.equal(
      latin.diagnostics[0].message,
      'mm/latin1.c: not valid UTF-8 (first bad byte on line 1); scanned with replacement characters',
    );
    assert.match(
      (await readSourceFile(join(dir, 'mm', 'huge.c'), 'mm/huge.c')).diagnostics[0].message,
      /^mm\/huge\.c: file is \d+ bytes, over the 5 MB limit; not scanned$/,
    );
    assert.match(
      (await readSourceFile(join(dir, 'nope.c'), 'nope.c')).diagnostics[0].message,
      /^nope\.c: cannot read \(ENOENT\)$/,
    );
  });

  it('a folder scan reports each bad file and still scans the rest', async () => {
    const r = await scanPathSites(dir);
    const msgs = r.diagnostics.map((d) => d.message);
    assert.ok(msgs.includes('mm/binary.c: binary file (NUL bytes); not scanned'), msgs.join('\n'));
    assert.ok(msgs.some((m) => /^mm\/huge\.c: file is \d+ bytes, over the 5 MB limit/.test(m)));
    assert.ok(msgs.some((m) => m.startsWith('mm/latin1.c: not valid UTF-8')));
    assert.ok(
      msgs.includes(
        "mm/unbalanced.c:4: unbalanced braces: 2 '{' not closed at end of file in f() (opened at line 2)",
      ),
      msgs.join('\n'),
    );
    assert.deepEqual(r.sites.map((s) => `${s.file}:${s.line} ${s.function}`).sort(), [
      'mm/latin1.c:4 f',
      'mm/unbalanced.c:4 f',
    ]);
  });

  it('sites: bad arguments exit 2 with a message; a binary file exits 1 naming it', async () => {
    for (const argv of [[], ['a', 'b'], ['--frobnicate', dir], [join(dir, 'missing')]]) {
      const c = capture();
      assert.equal(await runSites(argv, c.io), 2, argv.join(' '));
      assert.match(
        c.err.join('\n'),
        /^mmu-notifier-lens sites: .*\nusage: mmu-notifier-lens sites PATH \[--json\]$/,
      );
    }
    const c = capture();
    assert.equal(await runSites([join(dir, 'mm', 'binary.c')], c.io), 1);
    assert.deepEqual(c.err, ['error: binary.c: binary file (NUL bytes); not scanned']);
  });

  it('sites --json on a folder: paths relative to it; text: a summary by file and operation', async () => {
    const c = capture();
    assert.equal(await runSites([dir, '--json'], c.io), 0);
    const sites = JSON.parse(c.out.join('\n')) as {
      file: string;
      line: number;
      function: string;
      preset: string;
    }[];
    assert.deepEqual(
      sites.map((s) => `${s.file}:${s.line} ${s.function} ${s.preset}`),
      ['mm/latin1.c:4 f op-release', 'mm/unbalanced.c:4 f op-release'],
    );
    const t = capture();
    await runSites([dir], t.io);
    assert.deepEqual(t.out.join('\n').split('\n'), [
      'mm/latin1.c: 1 site (release 1)',
      'mm/unbalanced.c: 1 site (release 1)',
      '',
      '2 sites in 2 files (2 call)',
      'by operation: release 2',
    ]);
  });

  it('detect: a file instead of a folder exits 2; a truncated series is reported, not thrown', async () => {
    const c = capture();
    assert.equal(await runDetect([join(dir, 'Makefile')], c.io), 2);
    assert.match(c.err[0], /not a folder/);
    const s = capture();
    const code = await runDetect([dir, '--series', join(dir, 'cut.patch'), '--json'], s.io);
    assert.equal(code, 1);
    assert.ok(
      s.err.some((e) =>
        /cut\.patch:\d+: patch 4\/5: mm\/huge_memory\.c: hunk '@@ -1936,6 \+1936,8 @@.*' is truncated or mangled/.test(
          e,
        ),
      ),
      s.err.join('\n'),
    );
    const out = JSON.parse(s.out.join('\n')) as { variant: string; failures: { file: string }[] };
    assert.equal(out.variant, 'unknown');
    assert.ok(out.failures.length > 0);
    const b = capture();
    assert.equal(await runDetect([dir, '--series'], b.io), 2);
    assert.match(b.err[0], /--series needs a value/);
  });
});
