// The patch-series parser, sites in patch files, and applying hunks in memory: on the RFC v2
// fixture series as git format-patch files, as an mbox, in `b4 am` shape, as a plain diff
// and as a quoted-printable .eml; and on truncated and mangled copies.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { treeFileReader } from '../../src/core/source/nodeFs';
import { analyzeSeries, findSitesInPatch, parsePatchSeries } from '../../src/core/source/patch';
import { requireKernelTree } from './kernelTrees';
import { RFC_V2_DIR, rfcV2Files, rfcV2Mbox } from './seriesFixture';

const lineOf = (text: string, needle: string): number =>
  text.split('\n').findIndex((l) => l.startsWith(needle)) + 1;

describe('patch series: parse', () => {
  it('reads the cover letter, five subjects in order, and their files and hunks', () => {
    const s = parsePatchSeries(rfcV2Mbox(), 'rfc-v2.mbox');
    assert.deepEqual(s.diagnostics, []);
    assert.match(s.cover?.title ?? '', /^mm\/KVM: NUMA balancing without zapping pinned guest memory/);
    assert.deepEqual(
      s.patches.map((p) => `${p.index}/${p.total} v${p.version} ${p.title}`),
      [
        '1/5 v2 mm/mmu_notifier: add range flag MMU_NOTIFIER_RANGE_NUMA',
        '2/5 v2 mm: skip maybe-DMA-pinned pages when protecting for NUMA balancing',
        '3/5 v2 mm/mmu_notifier: add callback .numa_protect',
        '4/5 v2 mm/autonuma: call .numa_protect() for each entry made PROT_NONE',
        '5/5 v2 KVM: zap for NUMA balancing only what .numa_protect() reports',
      ],
    );
    assert.deepEqual(
      s.patches.map((p) => p.files.map((f) => `${f.path}:${f.hunks.length}`).join(' ')),
      [
        'include/linux/mmu_notifier.h:1 mm/mprotect.c:1',
        'mm/huge_memory.c:1 mm/mprotect.c:1',
        'include/linux/mmu_notifier.h:4 mm/mmu_notifier.c:1',
        'mm/huge_memory.c:1 mm/mprotect.c:1',
        'virt/kvm/kvm_main.c:4',
      ],
    );
    assert.ok(s.patches.every((p) => p.files.every((f) => f.hunks.every((h) => h.complete))));
    assert.match(s.patches[0].body, /Tell the subscribers/);
  });

  it('reads the same series as b4-style mbox, as one .patch, and as a plain diff', () => {
    const b4 = rfcV2Mbox().replace(
      /^From [0-9a-f]{40} Mon Sep 17 00:00:00 2001$/gm,
      'From git@z Thu Jan  1 00:00:00 1970',
    );
    assert.equal(parsePatchSeries(b4, 'b4.mbx').patches.length, 5);
    const one = readFileSync(join(RFC_V2_DIR, rfcV2Files()[4]), 'utf8');
    const single = parsePatchSeries(one, '0004.patch');
    assert.equal(single.patches.length, 1);
    assert.equal(single.patches[0].index, 4);
    assert.match(
      single.diagnostics[0]?.message ?? '',
      /series of 5 patches is missing 1\/5, 2\/5, 3\/5, 5\/5/,
    );
    const plain = one.slice(one.indexOf('diff --git'), one.lastIndexOf('\n-- \n') + 1);
    const diff = parsePatchSeries(plain, 'x.diff');
    assert.deepEqual(diff.diagnostics, []);
    assert.deepEqual(
      diff.patches[0].files.map((f) => f.path),
      ['mm/huge_memory.c', 'mm/mprotect.c'],
    );
  });

  it('reads a quoted-printable .eml with a folded Subject', () => {
    const one = readFileSync(join(RFC_V2_DIR, rfcV2Files()[1]), 'utf8');
    const eml = one
      .replace(
        /^Subject: .*\n(?: .*\n)*/m,
        'Subject: [RFC PATCH v2 1/5]\n mm/mmu_notifier: add range flag MMU_NOTIFIER_RANGE_NUMA\nContent-Transfer-Encoding: quoted-printable\n',
      )
      .replace(/MMU_NOTIFY_PROTECTION_VMA,$/m, 'MMU_NOTIFY_PROTECTION_VMA=2C=\n');
    const s = parsePatchSeries(eml, 'one.eml');
    assert.equal(s.patches[0].title, 'mm/mmu_notifier: add range flag MMU_NOTIFIER_RANGE_NUMA');
    assert.equal(s.patches[0].files.length, 2);
    assert.match(s.diagnostics[0].message, /quoted-printable body decoded/);
  });

  it('says which hunk of which patch is truncated, and where', () => {
    const full = rfcV2Mbox();
    const cut = full.slice(0, full.indexOf('+\tif (prot_numa)\n+\t\tmmu_notifier_numa_protect'));
    const s = parsePatchSeries(cut, 'cut.mbox');
    const msgs = s.diagnostics.map((d) => d.message);
    const header = lineOf(cut, '@@ -1936,6 +1936,8 @@');
    assert.ok(
      msgs.some(
        (m) =>
          m ===
          `cut.mbox:${header}: patch 4/5: mm/huge_memory.c: hunk '@@ -1936,6 +1936,8 @@ int change_huge_pmd(struct mmu_gather *tlb, struct vm_area_struct *vma,' is truncated or mangled: the patch ends (3 old and 5 new lines missing)`,
      ),
      msgs.join('\n'),
    );
    assert.ok(msgs.some((m) => /series of 5 patches is missing 5\/5/.test(m)));
  });

  it('says which hunk header is malformed', () => {
    const bad = rfcV2Mbox([1]).replace('@@ -380,7 +380,9 @@', '@@ -380,x +380 @@');
    const s = parsePatchSeries(bad, 'bad.patch');
    assert.ok(
      s.diagnostics.some(
        (d) =>
          d.message ===
          `bad.patch:${lineOf(bad, '@@ -380,x')}: patch 1/5: malformed hunk header '@@ -380,x +380 @@ static inline long change_pmd_range(struct'`,
      ),
    );
  });
});

describe('patch series: sites in the patch file', () => {
  it('puts each site on its line of the patch, with the function from the hunk header', () => {
    const text = readFileSync(join(RFC_V2_DIR, rfcV2Files()[4]), 'utf8');
    const { sites } = findSitesInPatch(text, '0004.patch');
    const pte = lineOf(text, '+\t\t\t\tmmu_notifier_numa_protect(vma->vm_mm');
    const pmd = lineOf(text, '+\t\tmmu_notifier_numa_protect(mm, addr');
    assert.deepEqual(
      sites.map(
        (s) => `${s.line}:${s.column} ${s.callee} @${s.function} ${s.change} ${s.operation} ${s.sourceFile}`,
      ),
      [
        `${pmd}:3 mmu_notifier_numa_protect @change_huge_pmd added numa_balancing mm/huge_memory.c`,
        `${pte}:5 mmu_notifier_numa_protect @change_pte_range added numa_balancing mm/mprotect.c`,
      ],
    );
    assert.equal(sites[0].file, '0004.patch');
  });

  it('finds ops fields in a hunk inside an initialiser, and context calls', () => {
    const text = rfcV2Mbox([1, 5], false);
    const { sites } = findSitesInPatch(text, 'p15.mbox');
    const added = sites.filter((s) => s.change === 'added').map((s) => `${s.kind} ${s.callee}`);
    assert.deepEqual(added, ['ops_field mmu_notifier_ops.numa_protect']);
    const ctx = sites.filter((s) => s.kind === 'call').map((s) => `${s.callee} @${s.function} ${s.event}`);
    assert.deepEqual(ctx, [
      'mmu_notifier_range_init @change_pmd_range MMU_NOTIFY_PROTECTION_VMA',
      'mmu_notifier_invalidate_range_start @change_pmd_range MMU_NOTIFY_PROTECTION_VMA',
    ]);
  });
});

describe('patch series: apply in memory', function () {
  this.timeout(60_000);

  it('the fixture series applies with `git apply` to the real Linux 6.1 files', function () {
    const root = requireKernelTree(this, '6.1');
    const dir = mkdtempSync(join(tmpdir(), 'mmu-lens-apply-'));
    try {
      const series = parsePatchSeries(rfcV2Mbox(), 'rfc-v2.mbox');
      for (const path of new Set(series.patches.flatMap((p) => p.files.map((f) => f.path)))) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        copyFileSync(join(root, path), join(dir, path));
      }
      writeFileSync(join(dir, 'series.mbox'), rfcV2Mbox());
      execFileSync('git', ['apply', '--check', 'series.mbox'], { cwd: dir, stdio: 'pipe' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists the sites each patch adds, removes or changes on Linux 6.1', async function () {
    const a = await analyzeSeries(rfcV2Mbox(), 'rfc-v2.mbox', treeFileReader(requireKernelTree(this, '6.1')));
    const fmt = (xs: { callee: string; function: string | null }[]): string[] =>
      xs.map((s) => `${s.callee}@${s.function}`);
    assert.deepEqual(fmt(a.siteChanges[0].changed), [
      'mmu_notifier_range_init@change_pmd_range',
      'mmu_notifier_invalidate_range_start@change_pmd_range',
    ]);
    assert.deepEqual(fmt(a.siteChanges[3].added), [
      'mmu_notifier_numa_protect@change_huge_pmd',
      'mmu_notifier_numa_protect@change_pte_range',
    ]);
    assert.deepEqual(fmt(a.siteChanges[4].added), [
      'mmu_notifier_ops.numa_protect@kvm_mmu_notifier_numa_protect',
      'mmu_notifier_ops.numa_protect@null',
    ]);
    assert.ok(a.siteChanges.every((c) => c.removed.length === 0));
  });

  it('on Linux 6.12 says which hunks do not apply: patch, file, hunk header, where', async function () {
    const text = rfcV2Mbox();
    const a = await analyzeSeries(text, 'rfc-v2.mbox', treeFileReader(requireKernelTree(this, '6.12')));
    const first = a.failures[0];
    assert.equal(first.patch, '1/5 mm/mmu_notifier: add range flag MMU_NOTIFIER_RANGE_NUMA');
    assert.equal(first.file, 'mm/mprotect.c');
    assert.equal(
      first.hunk,
      '@@ -380,7 +380,9 @@ static inline long change_pmd_range(struct mmu_gather *tlb,',
    );
    assert.equal(first.patchLine, lineOf(text, '@@ -380,7 +380,9 @@'));
    assert.equal(first.expectedLine, 380);
    assert.match(
      first.reason,
      /^its context and removed lines are nowhere in the file, even with fuzz 3 \(at line 380: line 380 is /,
    );
    assert.ok(a.failures.length >= 5);
    assert.ok(
      a.diagnostics.some(
        (d) => d.severity === 'error' && d.message.startsWith(`rfc-v2.mbox:${first.patchLine}: patch 1/5`),
      ),
    );
  });

  it('applies a plain `diff -u` with folder prefixes (linux-6.1.orig/ … linux-6.1/)', async function () {
    const read = treeFileReader(requireKernelTree(this, '6.1'));
    const plain = rfcV2Mbox([1], false)
      .split('\n')
      .filter((l) => !l.startsWith('diff --git') && !l.startsWith('index '))
      .map((l) => l.replace(/^--- a\//, '--- linux-6.1.orig/').replace(/^\+\+\+ b\//, '+++ linux-6.1/'))
      .join('\n');
    const a = await analyzeSeries(plain, 'p1.diff', read);
    assert.deepEqual(a.failures, []);
    assert.equal(a.treeAfter?.variant, 'rfc-v2:p1');
  });

  it('reports a truncated hunk as not applied instead of applying half of it', async function () {
    const full = rfcV2Mbox();
    const cut = full.slice(0, full.indexOf('+\tif (prot_numa)\n+\t\tmmu_notifier_numa_protect'));
    const a = await analyzeSeries(cut, 'cut.mbox', treeFileReader(requireKernelTree(this, '6.1')));
    assert.deepEqual(
      a.failures.map((f) => `${f.patch.slice(0, 3)} ${f.file} ${f.reason}`),
      ['4/5 mm/huge_memory.c the hunk is truncated or mangled in the patch file (corrupt patch)'],
    );
    assert.equal(a.treeAfter?.variant, 'rfc-v2:p1+p2+p3');
  });
});

describe('patch series: a series written on a later tree (fixture rfc-v2-on-6.5.mbx)', () => {
  const mbox = (): string => readFileSync(join(RFC_V2_DIR, '..', 'rfc-v2-on-6.5.mbx'), 'utf8');

  it('on Linux 6.1: patch 1 applied with fuzz 3 at line 380 (as `patch -F3`), the tree becomes rfc-v2', async function () {
    const a = await analyzeSeries(
      mbox(),
      'rfc-v2-on-6.5.mbx',
      treeFileReader(requireKernelTree(this, '6.1')),
    );
    assert.deepEqual(a.failures, []);
    assert.deepEqual(
      a.outcomes.map((o) => o.status),
      ['applied with fuzz', 'applied', 'applied', 'applied', 'applied'],
    );
    const fuzzy = a.outcomes[0].placed.find((p) => p.fuzz > 0);
    assert.deepEqual([fuzzy?.file, fuzzy?.line, fuzzy?.offset, fuzzy?.fuzz], ['mm/mprotect.c', 380, -1, 3]);
    assert.equal(a.treeAfter?.variant, 'rfc-v2');
  });

  it('on Linux 6.12: names each hunk that does not apply, with patch, file, header and why', async function () {
    const a = await analyzeSeries(
      mbox(),
      'rfc-v2-on-6.5.mbx',
      treeFileReader(requireKernelTree(this, '6.12')),
    );
    assert.equal(a.outcomes[0].status, 'partly applied');
    assert.ok(a.failures.length >= 5);
    for (const f of a.failures) {
      assert.match(f.hunk, /^@@ /);
      assert.match(f.reason, /nowhere in the file|rejected, not misapplied/);
    }
  });
});
