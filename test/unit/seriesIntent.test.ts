// Intent from the hunks alone (#12 item 2), the rule vector with evidence (#12 item 3) and
// variant ids that spell rules (`v6.12+kvmDeferNumaZap`): on the RFC v2 fixture series with no
// tree, on Linux 6.1 (the series applies: rfc-v2) and on Linux 6.12 (`v6.12 + series rules`).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { treeFileReader } from '../../src/core/source/nodeFs';
import { detectTreeVariant } from '../../src/core/source/detect';
import { analyzeSeries, parsePatchSeries } from '../../src/core/source/patch';
import { seriesIntent } from '../../src/core/source/patch/seriesIntent';
import { parseVariantId } from '../../src/core/variants';
import { requireKernelTree } from './kernelTrees';
import { parseScenario } from '../../src/core/scenario/parseScenario';
import { resolveScenarioVariant } from '../../src/core/scenario/scenarioVariants';
import schema from '../../schemas/mmulens.schema.json';
import { RFC_V2_DIR, rfcV2Mbox } from './seriesFixture';

const SERIES_RULES =
  'v6.12+pteSkipPinnedAnonExclusive+pmdSkipPinnedAnonExclusive+numaRangeFlag+numaProtectOp+callNumaProtect+kvmDeferNumaZap';

describe('series intent from the hunks alone (no tree)', () => {
  it('finds what each RFC v2 patch adds, with its patch-file line', () => {
    const text = rfcV2Mbox();
    const intent = seriesIntent(parsePatchSeries(text, 'rfc-v2.mbox'));
    const lines = text.split('\n');
    assert.deepEqual(
      intent.patches.map((p) => p.adds.map((h) => h.id).sort()),
      [
        ['range_numa_flag', 'range_numa_flag_set'],
        ['pmd_skip_pinned', 'pte_skip_pinned_anon_exclusive'],
        ['numa_protect_op'],
        ['numa_protect_called'],
        ['kvm_numa_protect_handler', 'kvm_start_handler_numa'],
      ],
    );
    for (const p of intent.patches) for (const h of p.adds) assert.match(lines[h.patchLine - 1], /^\+/);
    assert.deepEqual(
      Object.fromEntries(Object.entries(intent.rules).map(([r, v]) => [r, [v?.value, v?.patch.slice(0, 3)]])),
      {
        pteSkipPinnedAnonExclusive: [true, '2/5'],
        pmdSkipPinnedAnonExclusive: [true, '2/5'],
        numaRangeFlag: [true, '1/5'],
        numaProtectOp: [true, '3/5'],
        callNumaProtect: [true, '4/5'],
        kvmDeferNumaZap: [true, '5/5'],
      },
    );
  });

  it('a patch that removes a feature is said to remove it, not add it', () => {
    const patch = [
      '--- a/mm/mprotect.c',
      '+++ b/mm/mprotect.c',
      '@@ -10,4 +10,3 @@ static inline long change_pmd_range(struct mmu_gather *tlb,',
      ' \t\tif (!range.start) {',
      '-\t\t\tmmu_notifier_range_init(&range, MMU_NOTIFY_PROTECTION_VMA, MMU_NOTIFIER_RANGE_NUMA, vma->vm_mm, addr, end);',
      ' \t\t\tmmu_notifier_invalidate_range_start(&range);',
      ' \t\t}',
      '',
    ].join('\n');
    const intent = seriesIntent(parsePatchSeries(patch, 'r.diff'));
    assert.deepEqual(intent.patches[0].adds, []);
    assert.deepEqual(
      intent.patches[0].removes.map((h) => [h.id, h.patchLine]),
      [['range_numa_flag_set', 5]],
    );
  });
});

describe('variant ids that spell rules', () => {
  it('v6.12+kvmDeferNumaZap is v6.12 with that rule set, cited', () => {
    const v = parseVariantId('v6.12+kvmDeferNumaZap');
    assert.equal(v.rules.kvmDeferNumaZap, true);
    assert.equal(v.rules.notifierLevel, 'pud');
    assert.match(v.cites.kvmDeferNumaZap ?? '', /set by the variant id v6\.12\+kvmDeferNumaZap/);
    assert.equal(parseVariantId('v6.1+cowSkip=pinned_or_shared').rules.cowSkip, 'pinned_or_shared');
    assert.equal(parseVariantId('rfc-v2:p1+p2+kvmDeferNumaZap=true').rules.numaRangeFlag, true);
    assert.equal(parseVariantId(SERIES_RULES).rules.callNumaProtect, true);
  });

  it('refuses a bad value or name, saying which and what is allowed', () => {
    assert.throws(() => parseVariantId('v6.12+cowSkip=sometimes'), /cowSkip=page_count or pinned_or_shared/);
    assert.throws(() => parseVariantId('v6.12+numaRangeFlag=3'), /true or false, not '3'/);
    assert.throws(() => parseVariantId('v6.12+noSuchRule'), /unknown variant 'v6\.12\+noSuchRule'/);
  });
});

describe('detect: the rule vector with evidence', () => {
  it('Linux 6.12: every rule, with file:line or inherited, simulated as v6.12', async function () {
    const d = await detectTreeVariant(treeFileReader(requireKernelTree(this, '6.12')));
    assert.equal(d.simulateAs, 'v6.12');
    assert.equal(d.derivation, 'v6.12');
    assert.equal(d.rules.notifierLevel.value, 'pud');
    assert.match(d.rules.notifierLevel.evidence, /^notifier_in_change_pud_range at mm\/mprotect\.c:\d+$/);
    assert.match(d.rules.numaBalancing.evidence, /inherited from v6\.12/);
    assert.deepEqual(Object.keys(d.rules).sort(), Object.keys(parseVariantId('v6.12').rules).sort());
  });

  it('a 6.12 tree whose change_pte_range() went back to page_count: derived from v6.12, 1 rule differs', async function () {
    const root = requireKernelTree(this, '6.12');
    const read = treeFileReader(root);
    const mprotect = readFileSync(join(root, 'mm/mprotect.c'), 'utf8').replace(
      /folio_maybe_dma_pinned\(folio\)\s*\|\|\s*folio_likely_mapped_shared\(folio\)/,
      'folio_ref_count(folio) != 1',
    );
    const d = await detectTreeVariant(async (p) => (p === 'mm/mprotect.c' ? mprotect : read(p)));
    assert.equal(d.rules.cowSkip.value, 'page_count');
    assert.equal(d.simulateAs, 'v6.12+cowSkip=page_count');
    assert.equal(d.derivation, 'derived from v6.12: 1 rule differs (cowSkip)');
    assert.equal(parseVariantId(d.simulateAs).rules.cowSkip, 'page_count');
  });
});

describe('series on a tree: what the lenses simulate', () => {
  const drift = (): string => readFileSync(join(RFC_V2_DIR, '..', 'rfc-v2-on-6.5.mbx'), 'utf8');

  it('Linux 6.1: the series applies (patch 1 with fuzz) and the tree becomes rfc-v2', async function () {
    const a = await analyzeSeries(drift(), 's.mbx', treeFileReader(requireKernelTree(this, '6.1')));
    assert.equal(a.simulate?.variant, 'rfc-v2');
    assert.equal(a.simulate?.basis, 'applied');
    assert.match(
      a.simulate?.summary ?? '',
      /applies to this v6\.1 tree \(with fuzz\); the tree becomes rfc-v2/,
    );
  });

  it('Linux 6.12: says what does not apply and simulates v6.12 + series rules, rule by patch', async function () {
    const a = await analyzeSeries(drift(), 's.mbx', treeFileReader(requireKernelTree(this, '6.12')));
    assert.equal(a.simulate?.basis, 'series rules');
    assert.equal(a.simulate?.label, 'v6.12 + series rules');
    assert.equal(a.simulate?.variant, SERIES_RULES);
    assert.match(
      a.simulate?.summary ?? '',
      /^\d+ hunks do not apply to this v6\.12 tree; the series itself introduces MMU_NOTIFIER_RANGE_NUMA, .*\.numa_protect/,
    );
    assert.deepEqual(
      a.simulate?.fromSeries.map((r) => `${r.rule}:${r.patch.slice(0, 3)}`),
      [
        'pteSkipPinnedAnonExclusive:2/5',
        'pmdSkipPinnedAnonExclusive:2/5',
        'numaRangeFlag:1/5',
        'numaProtectOp:3/5',
        'callNumaProtect:4/5',
        'kvmDeferNumaZap:5/5',
      ],
    );
    parseVariantId(a.simulate?.variant ?? '');
  });
});

describe('variants a scenario defines (#12 item 4)', () => {
  const base = { name: 'own', duration_s: 1 };

  it('my-fix extends v6.12 with kvmDeferNumaZap: resolved with its id and citation', () => {
    const sc = parseScenario(
      {
        ...base,
        variants: [{ id: 'my-fix', extends: 'v6.12', set: { kvmDeferNumaZap: true }, cite: 'my patch' }],
      },
      'own.mmulens.json',
    );
    const v = resolveScenarioVariant(sc, 'my-fix');
    assert.equal(v.id, 'my-fix');
    assert.equal(v.rules.kvmDeferNumaZap, true);
    assert.equal(v.rules.notifierLevel, 'pud');
    assert.equal(v.cites.kvmDeferNumaZap, 'scenario variant my-fix: my patch');
    assert.equal(resolveScenarioVariant(sc, 'v6.1').id, 'v6.1');
  });

  it('refuses, naming the JSON path: an unknown base, a bad value, a built-in id, an unknown rule', () => {
    const bad = (variants: unknown[]): string => {
      try {
        parseScenario({ ...base, variants }, 'own.mmulens.json');
      } catch (e) {
        return (e as Error).message;
      }
      return 'accepted';
    };
    assert.match(
      bad([{ id: 'a', extends: 'v9', set: { kvmDeferNumaZap: true } }]),
      /variants\[0\]\.extends: expected a known variant id, received "v9"/,
    );
    assert.match(
      bad([{ id: 'a', extends: 'v6.12', set: { cowSkip: 'x' } }]),
      /variants\[0\]\.set\.cowSkip: expected one of "page_count", "pinned_or_shared"/,
    );
    assert.match(
      bad([{ id: 'v6.1', extends: 'v6.12', set: { kvmDeferNumaZap: true } }]),
      /variants\[0\]\.id: expected an id no built-in variant has/,
    );
    assert.match(
      bad([{ id: 'a', extends: 'v6.12', set: { noSuchRule: true } }]),
      /variants\[0\]\.set\.noSuchRule: expected no such field/,
    );
  });

  it('the schema lists exactly the engine’s rules (a new rule must be added to both)', () => {
    const props = (
      schema as { properties: { variants: { items: { properties: { set: { properties: object } } } } } }
    ).properties.variants.items.properties.set.properties;
    assert.deepEqual(Object.keys(props).sort(), Object.keys(parseVariantId('v6.1').rules).sort());
  });
});
