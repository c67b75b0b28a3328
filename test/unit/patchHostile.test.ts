// Issue #14's patch reproducers, one test each: paths out of the tree (never read), corrupt
// hunks, `--- /dev/null` over a file, a deletion that does not match, renames, binary patches,
// `@@ -0,0 +0,0 @@`, the ops-section regex on a long header, and a patch over the size limit.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { treeFileReader } from '../../src/core/source/nodeFs';
import { analyzeSeries, applySeries, findSitesInPatch, parsePatchSeries } from '../../src/core/source/patch';
import { opsInitialiserOf } from '../../src/core/source/patch/patchSites';

const FILE = ['int one;', 'int two;', 'int three;', 'int four;', ''].join('\n');

/** A tree of one file, mm/a.c, that records every path asked for. */
function recordingTree(files: Record<string, string> = { 'mm/a.c': FILE }) {
  const asked: string[] = [];
  const read = async (p: string): Promise<string | undefined> => {
    asked.push(p);
    return files[p];
  };
  return { asked, read };
}

const apply = async (patch: string, files?: Record<string, string>) => {
  const t = recordingTree(files);
  const a = await applySeries(parsePatchSeries(patch, 'evil.patch'), t.read);
  return { ...a, asked: t.asked };
};

describe('hostile patches (#14): paths stay inside the tree', () => {
  for (const [name, from, to] of [
    ['`..` climbing out', 'a/../../../etc/passwd', 'b/../../../etc/passwd'],
    ['an absolute path', 'a//etc/shadow', 'b//etc/shadow'],
    ['`..` in the middle', 'a/mm/../../../x', 'b/mm/../../../x'],
    ['inside .git', 'a/.git/config', 'b/.git/config'],
  ]) {
    it(`refuses ${name}, names patch and line, and reads nothing`, async () => {
      const patch = `Subject: [PATCH 1/1] evil\n\n---\n--- ${from}\n+++ ${to}\n@@ -1,1 +1,1 @@\n-root:x:0:0\n+owned\n`;
      const a = await apply(patch);
      assert.deepEqual(a.asked, []);
      assert.equal(a.failures.length, 1);
      assert.equal(a.failures[0].patch, '1/1 evil');
      assert.equal(a.failures[0].patchLine, 4);
      assert.match(a.failures[0].reason, /(leaves|climbs out of) the tree|inside \.git/);
      assert.match(a.failures[0].reason, /refused, nothing read$/);
      assert.equal(a.files.size, 0);
    });
  }

  it('a symlink in the tree to a file outside it reads as absent; its content is never printed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lens-escape-'));
    try {
      mkdirSync(join(dir, 'outside'));
      writeFileSync(join(dir, 'outside', 'secret'), 'TOP SECRET LINE\n');
      mkdirSync(join(dir, 'tree', 'mm'), { recursive: true });
      writeFileSync(join(dir, 'tree', 'mm', 'ok.c'), 'int ok;\n');
      symlinkSync(join(dir, 'outside', 'secret'), join(dir, 'tree', 'mm', 'x.c'));
      symlinkSync(join(dir, 'outside'), join(dir, 'tree', 'linkdir'));
      const read = treeFileReader(join(dir, 'tree'));
      assert.equal(await read('mm/ok.c'), 'int ok;\n');
      assert.equal(await read('mm/x.c'), undefined);
      assert.equal(await read('linkdir/secret'), undefined);
      assert.equal(await read('../outside/secret'), undefined);
      const patch = '--- a/mm/x.c\n+++ b/mm/x.c\n@@ -1,1 +1,1 @@\n-nope\n+yes\n';
      const a = await analyzeSeries(patch, 'p.diff', read);
      const text = a.diagnostics.map((d) => d.message).join('\n');
      assert.match(text, /mm\/x\.c is not in the tree/);
      assert.doesNotMatch(text, /SECRET/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('hostile patches (#14): applied as git does, or refused with patch, file and line', () => {
  it('a hunk longer than its header counts is a corrupt patch; the file is not patched', async () => {
    const patch = '--- a/mm/a.c\n+++ b/mm/a.c\n@@ -1,2 +1,2 @@\n int one;\n-int two;\n+int 2;\n+int extra;\n';
    const a = await apply(patch);
    assert.equal(a.failures.length, 1);
    assert.match(
      a.failures[0].reason,
      /^corrupt patch at line 7: '\+int extra;' follows hunk '@@ -1,2 \+1,2 @@'/,
    );
    assert.equal(a.files.has('mm/a.c'), false);
  });

  it('`--- /dev/null` over an existing file is refused, the file is kept', async () => {
    const patch =
      'diff --git a/mm/a.c b/mm/a.c\nnew file mode 100644\n--- /dev/null\n+++ b/mm/a.c\n@@ -0,0 +1,1 @@\n+int replaced;\n';
    const a = await apply(patch);
    assert.equal(a.failures.length, 1);
    assert.equal(a.failures[0].file, 'mm/a.c');
    assert.equal(a.failures[0].patchLine, 5);
    assert.match(a.failures[0].reason, /creates mm\/a\.c, but it already exists in the tree/);
    assert.equal(a.files.has('mm/a.c'), false);
  });

  it('a new file is created when absent', async () => {
    const patch = '--- /dev/null\n+++ b/mm/new.c\n@@ -0,0 +1,2 @@\n+int a;\n+int b;\n';
    const a = await apply(patch);
    assert.deepEqual(a.failures, []);
    assert.equal(a.files.get('mm/new.c'), 'int a;\nint b;\n');
  });

  it('a deletion whose lines are not the file’s is refused; a matching one deletes', async () => {
    const bad =
      '--- a/mm/a.c\n+++ /dev/null\n@@ -1,4 +0,0 @@\n-int one;\n-int TWO;\n-int three;\n-int four;\n';
    const a = await apply(bad);
    assert.equal(a.failures.length, 1);
    assert.match(a.failures[0].reason, /nowhere in the file/);
    assert.equal(a.files.has('mm/a.c'), false);
    const partial = '--- a/mm/a.c\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-int one;\n-int two;\n';
    const p = await apply(partial);
    assert.match(
      p.failures[0].reason,
      /deletes mm\/a\.c, but the file has 2 line\(s\) the patch does not remove/,
    );
    assert.equal(p.files.has('mm/a.c'), false);
    const good = bad.replace('TWO', 'two');
    const g = await apply(good);
    assert.deepEqual(g.failures, []);
    assert.equal(g.files.get('mm/a.c'), null);
  });

  it('a pure rename moves the file; a rename onto an existing file is refused', async () => {
    const patch =
      'diff --git a/mm/a.c b/mm/b.c\nsimilarity index 100%\nrename from mm/a.c\nrename to mm/b.c\n';
    const a = await apply(patch);
    assert.deepEqual(a.failures, []);
    assert.equal(a.files.get('mm/a.c'), null);
    assert.equal(a.files.get('mm/b.c'), FILE);
    const onto = await apply(patch, { 'mm/a.c': FILE, 'mm/b.c': 'int b;\n' });
    assert.match(onto.failures[0].reason, /rename to mm\/b\.c, which already exists/);
  });

  it('a rename with a hunk patches the moved file', async () => {
    const patch =
      'diff --git a/mm/a.c b/mm/b.c\nsimilarity index 90%\nrename from mm/a.c\nrename to mm/b.c\n--- a/mm/a.c\n+++ b/mm/b.c\n@@ -1,2 +1,2 @@\n int one;\n-int two;\n+int 2;\n';
    const a = await apply(patch);
    assert.deepEqual(a.failures, []);
    assert.equal(a.files.get('mm/a.c'), null);
    assert.equal(a.files.get('mm/b.c'), FILE.replace('int two;', 'int 2;'));
  });

  it('a GIT binary patch is refused with its line, not skipped silently', async () => {
    const patch =
      'Subject: [PATCH] blob\n\n---\ndiff --git a/fw/x.bin b/fw/x.bin\nindex 1..2 100644\nGIT binary patch\nliteral 4\nLcmZ?d00001\n\n';
    const a = await apply(patch);
    assert.equal(a.failures.length, 1);
    assert.equal(a.failures[0].file, 'fw/x.bin');
    assert.equal(a.failures[0].patchLine, 6);
    assert.match(a.failures[0].reason, /^GIT binary patch: binary files are not applied/);
  });

  it('`@@ -0,0 +0,0 @@` is refused as an empty hunk', async () => {
    const patch = '--- a/mm/a.c\n+++ b/mm/a.c\n@@ -0,0 +0,0 @@\n';
    const a = await apply(patch);
    assert.equal(a.failures.length, 1);
    assert.match(a.failures[0].reason, /hunk '@@ -0,0 \+0,0 @@' at line 3 has no lines/);
    assert.equal(a.files.has('mm/a.c'), false);
  });
});

describe('hostile patches (#14): linear on large inputs', () => {
  it('the ops-initialiser check reads a 960 KB hunk section in one pass', () => {
    const long = `static const struct mmu_notifier_ops ops ${'= '.repeat(480_000)}x`;
    assert.equal(opsInitialiserOf(long), undefined);
    assert.equal(
      opsInitialiserOf('static const struct mmu_notifier_ops kvm_mmu_notifier_ops = {'),
      'mmu_notifier_ops',
    );
    assert.equal(
      opsInitialiserOf('static const struct mmu_interval_notifier_ops ops ='),
      'mmu_interval_notifier_ops',
    );
    assert.equal(opsInitialiserOf('static int f(struct mmu_notifier_ops *ops)'), undefined);
    const patch = `--- a/virt/kvm/kvm_main.c\n+++ b/virt/kvm/kvm_main.c\n@@ -1,1 +1,2 @@ ${long}\n \t.release = x,\n+\t.numa_protect = y,\n`;
    const found = findSitesInPatch(patch, 'long.patch');
    assert.deepEqual(found.diagnostics, []);
  });

  it('a patch over the 5 MB limit is refused with its size (as the CLI refuses the file)', () => {
    const found = findSitesInPatch('+'.repeat(5 * 1024 * 1024 + 1), 'huge.patch');
    assert.deepEqual(found.sites, []);
    assert.match(
      found.diagnostics[0].message,
      /^huge\.patch: patch is 5242881 characters, over the 5 MB limit; not read$/,
    );
  });

  it('a file and hunk of one repeated line: placed within the work budget, never scanned quadratically', async () => {
    const file = 'x\n'.repeat(200_000);
    const hunks = Array.from(
      { length: 50 },
      (_, k) => `@@ -${k * 4000 + 1},3 +${k * 4000 + 1},3 @@\n x\n-x\n+y\n x\n`,
    ).join('');
    const a = await apply(`--- a/mm/a.c\n+++ b/mm/a.c\n${hunks}`, { 'mm/a.c': file });
    assert.deepEqual(a.failures, []);
    assert.equal((a.files.get('mm/a.c') ?? '').split('y').length - 1, 50);
  });
});
