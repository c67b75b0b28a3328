// Inputs that used to crash with a JavaScript message instead of an answer (issue 14, item 6):
// huge arrays spread into calls, deeply nested JSON, prototype keys, a closed stdout. Each now
// gives the answer or a message naming the input.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main';
import {
  applySet,
  loadPreset,
  parseScenario,
  parseScenarioText,
  ScenarioError,
} from '../../src/core/scenario';
import { maxOf, minOf, pushAll } from '../../src/core/safety/arrays';
import { JsonTextError, MAX_JSON_DEPTH } from '../../src/core/safety/jsonText';
import { scanPathSites } from '../../src/core/source/nodeFs';
import { capture } from './captureIo';

const ROOT = resolve(__dirname, '..', '..');

describe('hostile sizes: no stack overflow from large arrays', function () {
  this.timeout(60_000);

  it('maxOf/minOf/pushAll take 600,000 elements (Math.max(...a) and push(...a) throw)', () => {
    const big = Array.from({ length: 600_000 }, (_, i) => (i * 7919) % 1_000_003);
    assert.throws(() => Math.max(...big), RangeError, 'the spread this helper replaces does overflow');
    assert.equal(maxOf(big), 1_000_002);
    assert.equal(minOf(big), 0);
    assert.equal(maxOf([], 0), 0);
    assert.ok(Number.isNaN(maxOf([1, NaN, 3])));
    const out = [1];
    pushAll(out, big);
    assert.equal(out.length, big.length + 1);
    assert.equal(out[out.length - 1], big[big.length - 1]);
  });

  it('a C file with 215,000 call sites: every site, in a file scan and in a folder scan', async () => {
    const text = `void f(void){\n${'mmu_notifier_release();'.repeat(215_000)}\n}\n`;
    assert.ok(text.length < 5 * 1024 * 1024);
    const dir = mkdtempSync(join(tmpdir(), 'mmu-lens-calls-'));
    try {
      mkdirSync(join(dir, 'mm'));
      writeFileSync(join(dir, 'mm', 'calls.c'), text);
      writeFileSync(join(dir, 'mm', 'other.c'), 'void g(void) { mmu_notifier_release(mm); }\n');
      const r = await scanPathSites(dir);
      assert.equal(r.sites.length, 215_001);
      assert.equal(r.sites[214_999].column, 23 * 214_999);
      assert.deepEqual(r.diagnostics, []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('hostile JSON: nesting, BOM, prototype keys', () => {
  it('100,000-deep nesting: refused with the line and column, before any recursion', () => {
    for (const text of [
      '['.repeat(100_000) + ']'.repeat(100_000),
      `{"calibration":${'{"a":'.repeat(100_000)}1`,
    ]) {
      assert.throws(
        () => parseScenarioText(text, 'deep.mmulens.json'),
        (e: unknown) =>
          e instanceof JsonTextError &&
          new RegExp(`^deep\\.mmulens\\.json:1:\\d+: nested deeper than ${MAX_JSON_DEPTH} levels$`).test(
            e.message,
          ),
      );
    }
    // The same nesting as an object (from another caller than a file) is refused too.
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    assert.throws(
      () => parseScenario({ calibration: deep }),
      (e: unknown) => e instanceof ScenarioError && /at most 64 levels of nesting/.test(e.message),
    );
  });

  it('a UTF-8 byte-order mark does not make a valid scenario fail', () => {
    assert.equal(parseScenarioText('\ufeff{"name":"bom"}', 'bom.mmulens.json').name, 'bom');
    assert.throws(
      () => parseScenarioText('{"name":', 'bad.mmulens.json'),
      /^JsonTextError|bad\.mmulens\.json/,
    );
  });

  it('--set __proto__.x=1 is refused and Object.prototype stays clean', () => {
    const sc = loadPreset('vfio-boot');
    for (const set of [
      '__proto__.x=1',
      'guest.__proto__.x=1',
      'calibration.__proto__="x"',
      'constructor.prototype.x=1',
    ])
      assert.throws(
        () => applySet(sc, set),
        (e: unknown) => e instanceof ScenarioError && /expected a scenario field name/.test(e.message),
        set,
      );
    assert.equal(({} as Record<string, unknown>).x, undefined);
    assert.throws(
      () => parseScenario(JSON.parse('{"calibration":{"__proto__":"x"}}')),
      (e: unknown) => e instanceof ScenarioError && e.path === 'calibration.__proto__',
    );
    assert.throws(
      () => parseScenario(JSON.parse('{"cost":{"ipi_ns":1e309}}')),
      /cost\.ipi_ns: expected a finite number, received Infinity/,
    );
  });

  it('--preset constructor, toString, __proto__ and command constructor: unknown, exit 2', async () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty'])
      assert.throws(() => loadPreset(name), new RegExp(`^Error: unknown preset '${name}'`));
    const c = capture();
    assert.equal(await main(['simulate', '--preset', 'constructor'], c.io), 2);
    assert.match(c.err.join('\n'), /^mmu-notifier-lens simulate: unknown preset 'constructor'/);
    const d = capture();
    assert.equal(await main(['constructor'], d.io), 2);
    assert.match(d.err[0], /^mmu-notifier-lens: unknown command 'constructor'/);
  });
});

describe('hostile pipes', function () {
  this.timeout(30_000);
  it('`presets | true` (stdout closed early) ends quietly, exit 0, no EPIPE trace', () => {
    const cmd = `"${process.execPath}" -r "${require.resolve('tsx/cjs')}" src/cli/main.ts presets | true; echo "status=\${PIPESTATUS[0]}"`;
    const r = spawnSync('bash', ['-c', cmd], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /status=0/);
  });
});

describe('hostile classes: property tests', () => {
  it('maxOf/minOf/pushAll agree with the spread forms wherever those work', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true }), { maxLength: 300 }),
        fc.array(fc.integer()),
        (xs, ys) => {
          assert.equal(maxOf(xs), Math.max(...xs));
          assert.equal(minOf(xs), Math.min(...xs));
          const a = [...ys];
          const b = [...ys];
          a.push(...xs.map(Math.round));
          pushAll(b, xs.map(Math.round));
          assert.deepEqual(a, b);
        },
      ),
      { numRuns: 300, seed: 1 },
    );
  });

  it('a --set path through __proto__, constructor or prototype never reaches Object.prototype', () => {
    const sc = loadPreset('op-munmap');
    const seg = fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      'guest',
      'cost',
      'calibration',
      'x',
      'operations[0]',
    );
    fc.assert(
      fc.property(fc.array(seg, { minLength: 1, maxLength: 4 }), fc.jsonValue(), (segs, value) => {
        const path = segs.join('.');
        try {
          applySet(sc, `${path}=${JSON.stringify(value)}`);
        } catch (e) {
          assert.ok(e instanceof ScenarioError, `${path}: ${String(e)}`);
        }
        for (const k of ['x', 'polluted', 'guest', 'toString'])
          assert.ok(
            !Object.hasOwn(Object.prototype, k) || k === 'toString',
            `Object.prototype.${k} set by ${path}`,
          );
        assert.equal(({} as Record<string, unknown>).x, undefined);
      }),
      { numRuns: 500, seed: 2 },
    );
  });

  it('a non-finite number anywhere in a scenario is refused with its path', () => {
    const fields = ['duration_s', 'guest.memory_gib', 'workload.access_rate', 'cost.ipi_ns', 'seed'];
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.constantFrom(Infinity, -Infinity, NaN), (path, bad) => {
        const [a, b] = path.split('.');
        const json = b ? { [a]: { [b]: bad } } : { [a]: bad };
        assert.throws(
          () => parseScenario(json),
          (e: unknown) => e instanceof ScenarioError && e.path === path && /finite number/.test(e.message),
        );
      }),
      { numRuns: 60, seed: 3 },
    );
  });
});
