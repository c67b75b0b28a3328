// Hostile files and trees (issue 14, items 4 and 7): FIFOs, devices, symlinks to them, files far
// over the size limit, symlinked sources, and the Makefile forms make accepts. Each gets a clear
// message or the right answer at once, with bounded memory; nothing blocks.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main';
import { detectTreeVariant, overlayReader, parseMakefileVersion } from '../../src/core/source/detect';
import { readMakefileVersion } from '../../src/core/source/detect/makefileVersion';
import { listSourceFiles, readSourceFile, treeFileReader } from '../../src/core/source/nodeFs';
import { SourceDiagnostic } from '../../src/core/source/types';
import { requireKernelTree } from './kernelTrees';
import { capture } from './captureIo';

const ROOT = resolve(__dirname, '..', '..');

/**
 * Runs CLI commands (from source, one after the other) in one child process with a deadline: a
 * blocking read fails the test instead of blocking mocha's own event loop.
 */
function cliRuns(runs: string[][], cwd: string): { code: number; out: string; err: string }[] {
  const driver = `
    const { main } = require(${JSON.stringify(join(ROOT, 'src/cli/main.ts'))});
    (async () => {
      const results = [];
      for (const args of ${JSON.stringify(runs)}) {
        const out = [], err = [];
        const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
        results.push({ code, out: out.join('\\n'), err: err.join('\\n') });
      }
      process.stdout.write(JSON.stringify(results));
    })();`;
  const r = spawnSync(process.execPath, ['-r', require.resolve('tsx/cjs'), '-e', driver], {
    cwd,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=512' },
  });
  assert.equal(r.status, 0, `the commands did not all finish (signal ${r.signal}): ${r.stderr}`);
  return JSON.parse(r.stdout) as { code: number; out: string; err: string }[];
}

describe('hostile files: FIFOs, devices, huge files, symlinks', function () {
  this.timeout(60_000);
  let dir = '';
  before(function () {
    dir = mkdtempSync(join(tmpdir(), 'mmu-lens-hostile-'));
    const mk = spawnSync('mkfifo', [join(dir, 'fifo.c')]);
    if (mk.status !== 0) this.skip();
    symlinkSync('fifo.c', join(dir, 'link.c'));
    // A tree whose Makefile is a FIFO; one whose mm/mprotect.c is; one whose mm/mprotect.c is
    // /dev/zero; one whose mm/mprotect.c is a 200 MB (sparse) file.
    for (const t of ['t-make', 't-fifo', 't-zero', 't-huge'])
      mkdirSync(join(dir, t, 'mm'), { recursive: true });
    spawnSync('mkfifo', [join(dir, 't-make', 'Makefile')]);
    for (const t of ['t-fifo', 't-zero', 't-huge'])
      writeFileSync(join(dir, t, 'Makefile'), 'VERSION = 6\nPATCHLEVEL = 12\n');
    spawnSync('mkfifo', [join(dir, 't-fifo', 'mm', 'mprotect.c')]);
    symlinkSync('/dev/zero', join(dir, 't-zero', 'mm', 'mprotect.c'));
    writeFileSync(join(dir, 't-huge', 'mm', 'mprotect.c'), '/* mmu_notifier */\n');
    truncateSync(join(dir, 't-huge', 'mm', 'mprotect.c'), 200 * 1024 * 1024);
    writeFileSync(join(dir, 'sc.mmulens.json'), '{}');
    spawnSync('mkfifo', [join(dir, 'sc-fifo.mmulens.json')]);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('sites on a FIFO, a symlink to one, and trees holding one: a message, exit at once', () => {
    const cases: [string[], number, RegExp][] = [
      [['sites', 'fifo.c'], 1, /^error: fifo\.c: a FIFO, not a regular file; not scanned$/m],
      [['sites', 'link.c'], 1, /^error: link\.c: a FIFO, not a regular file; not scanned$/m],
      [['sites', 't-make'], 0, /^0 sites in 0 files$/m],
      [['sites', 't-fifo'], 0, /^warning: mm\/mprotect\.c: not a regular file; not scanned$/m],
      [
        ['detect', 't-make'],
        0,
        /top Makefile VERSION\/PATCHLEVEL \[Makefile: a FIFO, not a regular file; not read\]/,
      ],
      [['detect', 't-fifo'], 0, /\[mm\/mprotect\.c: a FIFO, not a regular file; not read\]/],
      // A symlink out of the tree reads as absent (never opened); the device named directly is refused.
      [['detect', 't-zero'], 0, /notifier started in change_pmd_range\(\) \(v6\.1–v6\.11\) \[file missing\]/],
      [
        ['sites', 't-zero/mm/mprotect.c'],
        1,
        /^error: mprotect\.c: a character device, not a regular file; not scanned$/m,
      ],
      [
        ['detect', 't-huge'],
        0,
        /\[mm\/mprotect\.c: file is 209715200 bytes, over the 5 MB limit; not read\]/,
      ],
      [
        ['simulate', '--scenario', 'sc-fifo.mmulens.json'],
        2,
        /sc-fifo\.mmulens\.json: a FIFO, not a regular file/,
      ],
      [['simulate', '--scenario', '/dev/zero'], 2, /\/dev\/zero: a character device, not a regular file/],
    ];
    const results = cliRuns(
      cases.map(([args]) => args),
      dir,
    );
    cases.forEach(([args, code, re], k) => {
      const r = results[k];
      assert.equal(r.code, code, `${args.join(' ')}: exit ${r.code}\n${r.err}`);
      assert.match(`${r.out}\n${r.err}`, re, args.join(' '));
    });
  });

  it('readers refuse what is not a regular file before reading it', async () => {
    const read = treeFileReader(join(dir, 't-huge'));
    await assert.rejects(read('mm/mprotect.c'), /file is 209715200 bytes, over the 5 MB limit; not read/);
    assert.equal(await read('mm/absent.c'), undefined);
    assert.equal(await read('Makefile'), 'VERSION = 6\nPATCHLEVEL = 12\n');
    const d = await readSourceFile(join(dir, 'link.c'), 'link.c');
    assert.deepEqual(
      d.diagnostics.map((x) => x.message),
      ['link.c: a FIFO, not a regular file; not scanned'],
    );
  });

  it('a folder scan names symlinked sources and non-regular ones instead of skipping them silently', async () => {
    const t = join(dir, 't-links');
    mkdirSync(join(t, 'mm'), { recursive: true });
    writeFileSync(join(t, 'mm', 'real.c'), 'void f(void) { mmu_notifier_release(mm); }\n');
    symlinkSync('real.c', join(t, 'mm', 'alias.c'));
    symlinkSync('/nonexistent.c', join(t, 'dangling.h'));
    const diagnostics: SourceDiagnostic[] = [];
    const files = await listSourceFiles(t, diagnostics);
    assert.deepEqual(files, [join(t, 'mm', 'real.c')]);
    assert.deepEqual(
      diagnostics.map((x) => x.message),
      ["2 symbolic links to .c/.h files not followed: dangling.h, mm/alias.c; scan a link's target directly"],
    );
  });

  it('an unreadable subfolder is reported (when not running as root)', async function () {
    if (process.getuid?.() === 0) this.skip();
    const t = join(dir, 't-locked');
    mkdirSync(join(t, 'secret'), { recursive: true });
    spawnSync('chmod', ['000', join(t, 'secret')]);
    const diagnostics: SourceDiagnostic[] = [];
    await listSourceFiles(t, diagnostics);
    spawnSync('chmod', ['755', join(t, 'secret')]);
    assert.deepEqual(
      diagnostics.map((x) => x.message),
      ['secret/: cannot read folder (EACCES); not scanned'],
    );
  });
});

describe('hostile Makefiles: the forms make accepts', () => {
  const v = (text: string): string | undefined => parseMakefileVersion(text)?.text;

  it('comments, export/override, :=, ?=, CRLF and continuation lines', () => {
    assert.equal(v('VERSION = 6 # the major\nPATCHLEVEL = 12 # comment\nSUBLEVEL = 3#x\n'), '6.12.3');
    assert.equal(v('export VERSION = 6\noverride PATCHLEVEL := 12\nSUBLEVEL ?= 1\n'), '6.12.1');
    assert.equal(v('VERSION = 6\r\nPATCHLEVEL = 1\r\nSUBLEVEL = 7\r\nEXTRAVERSION =\r\n'), '6.1.7');
    assert.equal(v('VERSION = \\\n  6\nPATCHLEVEL = \\\n12\n'), '6.12.0');
    assert.equal(v('VERSION = 6\nPATCHLEVEL = 1\\\n2\n'), undefined, 'make reads "1 2"');
    assert.equal(
      v('VERSION = 5\nPATCHLEVEL = 4\nVERSION = 6\nPATCHLEVEL = 12\n'),
      '6.12.0',
      'the last one wins',
    );
    assert.equal(
      v('VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\nSUBLEVEL ?= 9\n'),
      '6.12.0',
      '?= only when unset',
    );
    assert.equal(v('VERSION = 6\nPATCHLEVEL = 12\nexport VERSION PATCHLEVEL SUBLEVEL\n'), '6.12.0');
    assert.equal(v('VERSION = 6\nPATCHLEVEL = 12\ndefine X\nPATCHLEVEL = 1\nendef\n'), '6.12.0');
    assert.equal(v('VERSION = 6\nPATCHLEVEL = 12\nall:\n\tPATCHLEVEL=1 echo\n'), '6.12.0', 'recipe lines');
  });

  it('a version set inside a conditional is not guessed: detect goes by the probes and says why', () => {
    const r = readMakefileVersion(
      'VERSION = 6\nifeq ($(X),y)\nPATCHLEVEL = 1\nelse\nPATCHLEVEL = 12\nendif\n',
    );
    assert.equal(r.version, undefined);
    assert.equal(r.problem, 'the version is assigned inside a make conditional (Makefile:3)');
    assert.match(readMakefileVersion('VERSION = six\nPATCHLEVEL = 1\n').problem ?? '', /VERSION is "six"/);
  });

  it('terminal escapes in EXTRAVERSION are printed as visible escapes', async () => {
    const d = mkdtempSync(join(tmpdir(), 'mmu-lens-esc-'));
    try {
      writeFileSync(
        join(d, 'Makefile'),
        'VERSION = 6\nPATCHLEVEL = 12\nEXTRAVERSION = -rc1\x1b]0;owned\x07\x1b[2J\n',
      );
      const c = capture();
      assert.equal(await main(['detect', d], c.io), 0);
      const all = [...c.out, ...c.err].join('\n');
      assert.doesNotMatch(all, /[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
      assert.match(all, /Linux 6\.12\.0-rc1\\u001b\]0;owned\\u0007\\u001b\[2J/);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('VERSION 6.1 over a 6.12 tree: the probes decide what it behaves like, and the reason says so', async function () {
    const r612 = treeFileReader(requireKernelTree(this, '6.12'));
    const d = await detectTreeVariant(
      overlayReader(r612, new Map([['Makefile', 'VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 0\n']])),
    );
    assert.equal(d.variant, 'unknown');
    assert.equal(d.closest, 'v6.12');
    assert.doesNotMatch(d.reason, /not a modelled version/);
    assert.match(d.reason, /Linux 6\.1\.0 \(v6\.1\) but the probes disagree with it; behaves like v6\.12/);
  });
});
