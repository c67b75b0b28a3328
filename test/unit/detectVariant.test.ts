// detect on the real trees: Linux 6.1, Linux 6.12, 6.1 with the RFC v2 fixture series applied
// (in memory), subsets of that series, and trees no variant is named after.
import { strict as assert } from 'node:assert';
import { detectTreeVariant, overlayReader, parseMakefileVersion } from '../../src/core/source/detect';
import { treeFileReader } from '../../src/core/source/nodeFs';
import { analyzeSeries } from '../../src/core/source/patch';
import { ReadTreeFile } from '../../src/core/source/types';
import { requireKernelTree } from './kernelTrees';
import { rfcV2Mbox } from './seriesFixture';

const found = (d: { evidence: { probe: string; found: boolean }[] }, re: RegExp): boolean =>
  d.evidence.some((e) => re.test(e.probe) && e.found);

describe('detect: which kernel variant a tree is', function () {
  this.timeout(60_000);

  it('reads VERSION/PATCHLEVEL/SUBLEVEL/EXTRAVERSION from the top Makefile', () => {
    const v = parseMakefileVersion(
      '# x\nVERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\nEXTRAVERSION = -rc3\nNAME = Baby Opossum Posse\n',
    );
    assert.deepEqual(v, { major: 6, minor: 12, sublevel: 0, extra: '-rc3', text: '6.12.0-rc3', line: 2 });
    assert.equal(parseMakefileVersion('all:\n\techo hi\n'), undefined);
  });

  it('Linux 6.1 is v6.1: notifier in change_pmd_range, page_count skip, no pre-lock retry', async function () {
    const d = await detectTreeVariant(treeFileReader(requireKernelTree(this, '6.1')));
    assert.equal(d.variant, 'v6.1');
    assert.match(d.version ?? '', /^6\.1\.\d+/);
    assert.ok(found(d, /change_pmd_range/));
    assert.ok(!found(d, /change_pud_range/));
    assert.ok(found(d, /page_count != 1/));
    assert.ok(!found(d, /mmu_invalidate_retry_gfn_unsafe/));
    const pmd = d.evidence.find((e) => /change_pmd_range/.test(e.probe));
    assert.equal(pmd?.file, 'mm/mprotect.c');
    assert.ok((pmd?.line ?? 0) > 300);
  });

  it('Linux 6.12 is v6.12: notifier in change_pud_range, pinned-or-shared skip, retry before mmu_lock', async function () {
    const d = await detectTreeVariant(treeFileReader(requireKernelTree(this, '6.12')));
    assert.equal(d.variant, 'v6.12');
    assert.ok(found(d, /change_pud_range/));
    assert.ok(found(d, /folio_likely_mapped_shared/));
    assert.ok(found(d, /mmu_invalidate_retry_gfn_unsafe/));
    assert.ok(!found(d, /RFC/));
  });

  it('6.1 with the RFC v2 fixture series applied is rfc-v2, every patch seen', async function () {
    const root = requireKernelTree(this, '6.1');
    const a = await analyzeSeries(rfcV2Mbox(), 'rfc-v2.mbox', treeFileReader(root));
    assert.deepEqual(a.failures, []);
    assert.equal(a.treeBefore?.variant, 'v6.1');
    assert.equal(a.treeAfter?.variant, 'rfc-v2');
    assert.deepEqual(a.treeAfter?.rfcPatches, [1, 2, 3, 4, 5]);
    assert.match(a.treeAfter?.version ?? '', /^6\.1\./);
  });

  it('a subset of the series is named by its patches (rfc-v2:p1+p2, rfc-v2:p1+p2+p3+p4)', async function () {
    const read = treeFileReader(requireKernelTree(this, '6.1'));
    const p12 = await analyzeSeries(rfcV2Mbox([1, 2]), 'p12.mbox', read);
    assert.equal(p12.treeAfter?.variant, 'rfc-v2:p1+p2');
    const p1234 = await analyzeSeries(rfcV2Mbox([1, 2, 3, 4]), 'p1234.mbox', read);
    assert.equal(p1234.treeAfter?.variant, 'rfc-v2:p1+p2+p3+p4');
  });

  it('a version no variant is named after: unknown, closest by behaviour, with the evidence', async function () {
    const root = requireKernelTree(this, '6.1');
    const base = treeFileReader(root);
    const makefile = (await base('Makefile'))?.replace(/^PATCHLEVEL = \d+/m, 'PATCHLEVEL = 3') ?? '';
    const d = await detectTreeVariant(overlayReader(base, new Map([['Makefile', makefile]])));
    assert.equal(d.variant, 'unknown');
    assert.equal(d.closest, 'v6.1');
    assert.match(d.reason, /6\.3\.\d+ is not a modelled version/);
    assert.ok(d.evidence.length >= 10);
  });

  it('synthetic trees built from the real files: v6.5, v6.8, mm-2025, rfc-v1, a 6.8 tree that behaves like 6.12', async function () {
    const r61 = treeFileReader(requireKernelTree(this, '6.1'));
    const r612 = treeFileReader(requireKernelTree(this, '6.12'));
    const makefile = async (read: ReadTreeFile, minor: number): Promise<string> =>
      ((await read('Makefile')) ?? '').replace(/^PATCHLEVEL = \d+/m, `PATCHLEVEL = ${minor}`);
    const variantOf = async (base: ReadTreeFile, files: [string, string][]): Promise<string> =>
      (await detectTreeVariant(overlayReader(base, new Map(files)))).variant;
    assert.equal(await variantOf(r61, [['Makefile', await makefile(r61, 5)]]), 'v6.5');
    const mmu612 = (await r612('arch/x86/kvm/mmu/mmu.c')) ?? '';
    assert.equal(
      await variantOf(r61, [
        ['Makefile', await makefile(r61, 8)],
        ['arch/x86/kvm/mmu/mmu.c', mmu612],
      ]),
      'v6.8',
    );
    // Named 6.8 but without the v6.8 KVM change: the probes disagree with the version.
    assert.equal(await variantOf(r61, [['Makefile', await makefile(r61, 8)]]), 'unknown');
    const mprotect612 = (await r612('mm/mprotect.c')) ?? '';
    const mm2025 = mprotect612.replace(
      /static long change_pte_range\(/,
      'static bool folio_can_map_prot_numa(struct folio *folio);\n$&',
    );
    assert.equal(await variantOf(r612, [['mm/mprotect.c', mm2025]]), 'mm-2025');
    const header = ((await r61('include/linux/mmu_notifier.h')) ?? '').replace(
      '#define MMU_NOTIFIER_RANGE_BLOCKABLE (1 << 0)',
      '#define MMU_NOTIFIER_RANGE_BLOCKABLE (1 << 0)\n#define MMU_NOTIFIER_RANGE_NUMA (1 << 1)',
    );
    const mprotect = ((await r61('mm/mprotect.c')) ?? '').replace(
      'MMU_NOTIFY_PROTECTION_VMA, 0,',
      'MMU_NOTIFY_PROTECTION_VMA, MMU_NOTIFIER_RANGE_NUMA,',
    );
    const kvm = ((await r61('virt/kvm/kvm_main.c')) ?? '').replace(
      '.may_block\t= mmu_notifier_range_blockable(range),',
      '$&\n\t\t.skip_pinned\t= range->flags & MMU_NOTIFIER_RANGE_NUMA,',
    );
    const v1: [string, string][] = [
      ['include/linux/mmu_notifier.h', header],
      ['mm/mprotect.c', mprotect],
      ['virt/kvm/kvm_main.c', kvm],
    ];
    assert.equal(await variantOf(r61, v1), 'rfc-v1');
    const d612as68 = await detectTreeVariant(
      overlayReader(r612, new Map([['Makefile', await makefile(r612, 8)]])),
    );
    assert.equal(d612as68.variant, 'unknown');
    assert.equal(d612as68.closest, 'v6.12');
  });

  it('a folder that is no kernel tree: unknown, no closest, every probe not found; a throwing reader is survived', async () => {
    const none: ReadTreeFile = async () => undefined;
    const d = await detectTreeVariant(none);
    assert.equal(d.variant, 'unknown');
    assert.equal(d.closest, undefined);
    assert.ok(d.evidence.every((e) => !e.found));
    const throwing: ReadTreeFile = async () => {
      throw new Error('EACCES');
    };
    assert.equal((await detectTreeVariant(throwing)).variant, 'unknown');
  });
});
