// The simulate / presets / variants subcommands: output shapes and exit codes.
import { strict as assert } from 'node:assert';
import { runPresets, runVariants } from '../../src/cli/listCommands';
import { runSimulate } from '../../src/cli/simulateCommand';

async function cli(
  f: typeof runSimulate,
  ...argv: string[]
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await f(argv, { out: (s) => (out += s + '\n'), err: (s) => (err += s + '\n') });
  return { code, out, err };
}

describe('sim: CLI', () => {
  it('simulate with no arguments: vfio-boot on v6.1, rfc-v2 and v6.12 as a plain-text table', async () => {
    const r = await cli(runSimulate, '--set', 'guest.memory_gib=1', '--set', 'duration_s=5');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /scenario vfio-boot/);
    assert.match(r.out, /counter\s+v6\.1\s+rfc-v2\s+v6\.12\s+delta rfc-v2\s+delta v6\.12/);
    assert.match(r.out, /remote_tlb_flush_requests/);
    assert.match(r.out, /cost_ms total/);
  });

  it('--json gives preset, seed and per-variant results', async () => {
    const r = await cli(
      runSimulate,
      '--preset',
      'no-pin-1g',
      '--variant',
      'v6.1',
      '--variant',
      'rfc-v2',
      '--seed',
      '7',
      '--json',
    );
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as {
      preset: string;
      seed: number;
      results: {
        variant: string;
        counters: Record<string, number>;
        by_cause: object;
        cost_ns: object;
        violations: unknown[];
      }[];
    };
    assert.equal(j.preset, 'no-pin-1g');
    assert.equal(j.seed, 7);
    assert.deepEqual(
      j.results.map((x) => x.variant),
      ['v6.1', 'rfc-v2'],
    );
    assert.equal(j.results[1].counters.numa_protect, 262144);
    assert.ok(j.results[0].by_cause && j.results[0].cost_ns && Array.isArray(j.results[0].violations));
  });

  it('bad arguments: a clear message and exit code 2', async () => {
    for (const argv of [
      ['--variant', 'v9.9'],
      ['--preset', 'nope'],
      ['--frobnicate'],
      ['--seed', 'x'],
      ['--set', 'guest.memory_gib=big'],
      ['--scenario', '/nonexistent.mmulens.json'],
      ['--preset'],
    ]) {
      const r = await cli(runSimulate, ...argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.ok(r.err.length > 10, argv.join(' '));
    }
    assert.match(
      (await cli(runSimulate, '--set', 'guest.memory_gib=big')).err,
      /guest\.memory_gib: expected number, received "big"/,
    );
  });

  it('presets and variants list what exists, also as JSON', async () => {
    const p = await cli(runPresets, '--json');
    assert.ok((JSON.parse(p.out) as { name: string }[]).some((x) => x.name === 'op-soft-dirty'));
    const v = await cli(runVariants);
    assert.match(v.out, /rfc-v2:p5/);
    assert.match(v.out, /v6\.12/);
    assert.equal((await cli(runVariants, '--bogus')).code, 2);
  });
});
