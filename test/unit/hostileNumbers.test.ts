// Hostile numbers (issue 14, item 5): every number a scenario holds is finite and within a
// documented bound (schema and parser), and a scenario whose work is over the stated budget is
// refused with the reason before it runs, instead of running out of memory or time.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import schema from '../../schemas/mmulens.schema.json';
import { main } from '../../src/cli/main';
import {
  applySet,
  estimateWork,
  listPresets,
  loadPreset,
  parseScenario,
  ScenarioError,
  simulate,
  WORK_BUDGET,
  WorkBudgetError,
  workOverBudget,
} from '../../src/core/sim';
import { DEFAULT_COST } from '../../src/core/cost/costModel';
import { capture } from './captureIo';

type Node = {
  type?: string;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  properties?: Record<string, Node>;
  items?: Node;
};

/** Every numeric field of the schema as [dotted path with [0] for array items, node]. */
function numericFields(node: Node, path = ''): [string, Node][] {
  const out: [string, Node][] = [];
  if (node.type === 'number' || node.type === 'integer') out.push([path, node]);
  for (const [k, v] of Object.entries(node.properties ?? {}))
    out.push(...numericFields(v, path ? `${path}.${k}` : k));
  if (node.items) out.push(...numericFields(node.items, `${path}[0]`));
  return out;
}

function arrays(node: Node, path = ''): [string, Node][] {
  const out: [string, Node][] = node.type === 'array' ? [[path, node]] : [];
  for (const [k, v] of Object.entries(node.properties ?? {}))
    out.push(...arrays(v, path ? `${path}.${k}` : k));
  if (node.items) out.push(...arrays(node.items, `${path}[0]`));
  return out;
}

const COST_FIELDS = Object.keys(DEFAULT_COST);

describe('hostile numbers: finite and bounded', function () {
  this.timeout(60_000);

  it('the schema bounds every number (minimum and maximum) and every array (maxItems)', () => {
    const nums = numericFields(schema as Node);
    assert.ok(nums.length >= 40, `${nums.length} numeric fields`);
    for (const [path, n] of nums) {
      assert.ok(Number.isFinite(n.minimum), `${path}: no minimum`);
      assert.ok(Number.isFinite(n.maximum), `${path}: no maximum`);
    }
    for (const [path, n] of arrays(schema as Node))
      assert.ok(Number.isFinite(n.maxItems), `${path}: no maxItems`);
  });

  it('1e309 (Infinity after JSON.parse) is refused in every cost field, by --set and in a file', async () => {
    const sc = loadPreset('vfio-boot');
    for (const f of COST_FIELDS) {
      for (const v of ['1e309', '-1e309'])
        assert.throws(
          () => applySet(sc, `cost.${f}=${v}`),
          (e: unknown) =>
            e instanceof ScenarioError && e.path === `cost.${f}` && /finite number/.test(e.message),
          `${f}=${v}`,
        );
      assert.throws(
        () => parseScenario(JSON.parse(`{"cost":{"${f}":1e309}}`)),
        /expected a finite number, received Infinity/,
      );
    }
    const c = capture();
    assert.equal(await main(['simulate', '--set', 'cost.retry_cycle_ns=1e309'], c.io), 2);
    assert.match(c.err.join('\n'), /cost\.retry_cycle_ns: expected a finite number, received Infinity/);
  });

  it('a value past a bound is refused with its path; one within the bounds parses (property)', () => {
    const fields = numericFields(schema as Node).filter(([p]) => !p.includes('['));
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.double({ noNaN: true }), ([path, n], x) => {
        const value = n.type === 'integer' ? Math.trunc(x) : x;
        const inside = value >= (n.minimum as number) && value <= (n.maximum as number);
        let ok = true;
        try {
          applySet(loadPreset('op-munmap'), `${path}=${JSON.stringify(value)}`);
        } catch (e) {
          assert.ok(e instanceof ScenarioError, String(e));
          ok = false;
          if (inside)
            assert.ok(
              !e.path.startsWith(path) || !/a number/.test(e.expected),
              `${path}=${value}: ${e.message}`,
            );
        }
        if (!inside) assert.equal(ok, false, `${path}=${value} accepted`);
      }),
      { numRuns: 400, seed: 14 },
    );
  });

  it('every cost field at its maximum (1 s per event) gives finite counters and costs', () => {
    let sc = applySet(loadPreset('vfio-boot'), 'duration_s=5');
    for (const f of COST_FIELDS) sc = applySet(sc, `cost.${f}=1e9`);
    for (const v of ['v6.1', 'v6.12']) {
      const r = simulate(sc, v);
      for (const [k, x] of [...Object.entries(r.counters), ...Object.entries(r.cost_ns)])
        assert.ok(Number.isFinite(x), `${v} ${k} = ${x}`);
    }
  });

  it('numa_balancing.scan_size_mb=1 no longer makes a 0 ms scan period (a hang)', () => {
    const sc = applySet(applySet(loadPreset('vfio-boot'), 'duration_s=3'), 'numa_balancing.scan_size_mb=1');
    const t0 = Date.now();
    const r = simulate(sc, 'v6.1');
    assert.equal(r.durationNs, 3e9);
    assert.ok(Number.isFinite(r.counters.numa_pte_updates));
    assert.ok(Date.now() - t0 < 20_000);
  });

  it('2.4 million special page ranges: refused by the schema, not run', () => {
    const many = Array.from({ length: 4097 }, (_, i) => ({ gfn: i * 7, pages: 1, kind: 'ksm' }));
    assert.throws(
      () => parseScenario({ special_pages: many }),
      /special_pages: expected must NOT have more than 4096 items/,
    );
  });
});

describe('hostile numbers: the simulation budget', function () {
  this.timeout(30_000);

  it('every preset is far within the budget (under 2% of each limit)', () => {
    for (const { name } of listPresets()) {
      const e = estimateWork(loadPreset(name));
      for (const k of Object.keys(WORK_BUDGET) as (keyof typeof WORK_BUDGET)[])
        assert.ok(e[k] < WORK_BUDGET[k] * 0.02, `${name}: ${k} ${e[k]}`);
    }
  });

  it('schema-valid extremes are refused at once with the reason (out of heap / minutes before)', async () => {
    const cases: [string, string[], RegExp][] = [
      ['mdev-partial', ['guest.memory_gib=16384'], /event work.*try .*mdev_chunk_mib/],
      ['vfio-boot', ['guest.vcpus=1024', 'duration_s=86400'], /vCPU activity intervals/],
      [
        'vfio-boot',
        ['workload.active_ms=0.000001', 'workload.idle_ms=0.000001', 'workload.boot_idle_ms=0.000001'],
        /vCPU activity intervals/,
      ],
      [
        'vfio-boot',
        ['operations=[{"op":"munmap","repeat_s":0.001,"times":1000000}]', 'duration_s=86400'],
        /over the simulation budget/,
      ],
      ['mdev-partial', ['guest.memory_gib=65536', 'device.mdev_chunk_mib=2'], /mdev chunks/],
    ];
    for (const [preset, sets, re] of cases) {
      let sc = loadPreset(preset);
      for (const s of sets) sc = applySet(sc, s);
      const t0 = Date.now();
      assert.match(workOverBudget(sc) ?? 'within budget', re, sets.join(' '));
      assert.throws(() => simulate(sc, 'v6.1'), WorkBudgetError);
      assert.ok(Date.now() - t0 < 2000, 'refused before any work');
      const c = capture();
      assert.equal(
        await main(['simulate', '--preset', preset, ...sets.flatMap((s) => ['--set', s])], c.io),
        2,
      );
      assert.match(
        c.err.join('\n'),
        /^mmu-notifier-lens simulate: scenario .* is over the simulation budget: about .*, the limit is .* \(docs\/limits\.md\); try /,
      );
    }
  });
});
