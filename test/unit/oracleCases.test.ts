// Real-kernel oracle cases: every oracle/cases/*.json validates against oracle/case.schema.json with its
// defaults filled, and bad cases fail with the JSON path named.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { OracleCaseError, parseOracleCase } from '../../src/core/oracle';

const root = join(__dirname, '..', '..');
const casesDir = join(root, 'oracle', 'cases');

function err(f: () => unknown): OracleCaseError {
  try {
    f();
  } catch (e) {
    if (e instanceof OracleCaseError) return e;
    throw e;
  }
  throw new Error('no OracleCaseError thrown');
}

const base = {
  name: 'x',
  memory_mib: 64,
  backing: '4k',
  pinning: 'all',
  operation: { kind: 'numa_balancing' },
  window: { scan_passes: 2, timeout_s: 30 },
};

describe('oracle cases', () => {
  const files = readdirSync(casesDir).filter((f) => f.endsWith('.json'));

  it('has at least 10 cases covering the required kinds', () => {
    assert.ok(files.length >= 10, `${files.length} cases`);
    const cs = files.map((f) => parseOracleCase(JSON.parse(readFileSync(join(casesDir, f), 'utf8')), f));
    const has = (p: (c: (typeof cs)[number]) => boolean, what: string) => assert.ok(cs.some(p), what);
    has(
      (c) => c.backing === '4k' && c.pinning === 'none' && c.operation.kind === 'numa_balancing',
      '4K unpinned',
    );
    has(
      (c) => c.backing === '4k' && c.pinning === 'all' && c.operation.kind === 'numa_balancing',
      '4K pinned',
    );
    has((c) => c.backing === 'thp' && c.pinning === 'none', 'THP unpinned');
    has((c) => c.backing === 'thp' && c.pinning === 'all', 'THP pinned');
    has((c) => c.backing === 'memfd' && c.pinning === 'all', 'memfd pinned');
    has((c) => c.vcpus.spinner, 'spinner');
    has((c) => c.vcpus.contender, 'contended zap');
    const ops = new Set(cs.map((c) => c.operation.kind).filter((k) => k !== 'numa_balancing'));
    assert.ok(ops.size >= 4, `operations: ${[...ops].join(', ')}`);
  });

  const quickDir = join(casesDir, 'quick');
  const quick = readdirSync(quickDir).filter((f) => f.endsWith('.json'));
  for (const [dir, f] of [...files.map((f) => [casesDir, f]), ...quick.map((f) => [quickDir, f])])
    it(`${f} validates and is named after its file`, () => {
      const c = parseOracleCase(JSON.parse(readFileSync(join(dir, f), 'utf8')), f, basename(f, '.json'));
      assert.ok(c.operation.offset_mib + c.operation.length_mib <= c.memory_mib);
    });

  it('fills the defaults', () => {
    const c = parseOracleCase(base);
    assert.equal(c.placement, 'remote');
    assert.deepEqual(c.vcpus, { spinner: false, contender: false });
    assert.equal(c.operation.length_mib, 64);
    assert.equal(c.operation.repeat, 1);
    assert.equal(c.window.toucher_passes_after, 1);
    assert.equal(c.trace_ranges, false);
  });

  it('names the JSON path of a bad value, a missing and an unknown field', () => {
    assert.match(
      err(() => parseOracleCase({ ...base, backing: '2m' }, 'f.json')).message,
      /^f\.json: backing: expected one of/,
    );
    assert.match(
      err(() => parseOracleCase({ ...base, window: { scan_passes: 2 } })).message,
      /window\.timeout_s: missing/,
    );
    assert.match(
      err(() => parseOracleCase({ ...base, vcpus: { spiner: true } })).message,
      /vcpus\.spiner: no such field/,
    );
    assert.match(err(() => parseOracleCase(base, 'f', 'y')).message, /name: expected the file name "y"/);
  });

  it('rejects a range beyond the region and a balancing window without scan passes', () => {
    const op = { kind: 'mprotect', offset_mib: 60, length_mib: 8 };
    assert.match(
      err(() => parseOracleCase({ ...base, operation: op })).message,
      /operation\.length_mib: .*exceeds/,
    );
    const w = { timeout_s: 10 };
    assert.match(err(() => parseOracleCase({ ...base, window: w })).message, /window\.scan_passes/);
  });
});
