// The CLI's one argument parser and usage source (src/cli/commandArgs.ts, commandSpecs.ts): every
// subcommand's usage is the one the overview lists, every misuse is refused naming the argument,
// with the same `mmu-notifier-lens CMD:` prefix and exit code 2 everywhere.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { main, SUBCOMMANDS, usage } from '../../src/cli/main';
import { parseCommandArgs, usageLine } from '../../src/cli/commandArgs';
import { SIMULATE, SITES } from '../../src/cli/commandSpecs';
import { capture } from './captureIo';

const ROOT = join(__dirname, '..', '..');
const ORACLE_TRACE = join(ROOT, 'oracle', 'results', '6.1.192-3', 'nb-4k-pinned-spinner.trace.txt');

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const c = capture();
  const code = await main(argv, c.io);
  return { code, out: c.out.join('\n'), err: c.err.join('\n') };
}

describe('CLI: one parser, one usage source', () => {
  it('the overview lists every subcommand with the usage its --help and its usage errors print', async () => {
    const overview = (await run('--help')).out;
    assert.equal(overview, usage());
    for (const { spec } of SUBCOMMANDS) {
      assert.ok(overview.includes(`\n  ${spec.name} ${spec.synopsis}`), spec.name);
      const help = await run(spec.name, '--help');
      assert.deepEqual([help.code, help.out], [0, usageLine(spec)], spec.name);
      const bad = await run(spec.name, '--no-such-flag');
      assert.equal(bad.code, 2, spec.name);
      assert.equal(
        bad.err,
        `mmu-notifier-lens ${spec.name}: unknown option '--no-such-flag'\n${usageLine(spec)}`,
      );
    }
    assert.match(overview, /simulate \[--preset NAME \| --scenario FILE \| --case FILE\]/);
  });

  it('each synopsis names exactly the options and operands the parser accepts', () => {
    for (const { spec } of SUBCOMMANDS) {
      const written = new Set([...spec.synopsis.matchAll(/--([a-z]+)/g)].map((m) => m[1]));
      assert.deepEqual([...written].sort(), [...spec.strings, ...spec.booleans].sort(), spec.name);
      if (spec.operands.max > 0) assert.ok(spec.synopsis.startsWith(spec.operands.name), spec.name);
    }
  });

  it('refuses each misuse naming the argument, as typed', async () => {
    const cases: [string[], string][] = [
      [['simulate', '--frob=3'], "unknown option '--frob=3'"],
      [['simulate', '-x'], "unknown option '-x'"],
      [['simulate', 'stray'], "unexpected argument 'stray'"],
      [['presets', 'x'], "unexpected argument 'x'"],
      [['simulate', '--preset'], '--preset needs a value'],
      [['simulate', '--preset', '--json'], '--preset needs a value'],
      [['variants', '--json=yes'], '--json takes no value'],
      [['sites'], 'missing PATH'],
      [['sites', 'a', 'b'], 'expected one PATH, got 2'],
      [['detect', '.', '--series'], '--series needs a value'],
      [['import'], 'missing FILE'],
      [['import', 'f', '--preset', 'p', '--scenario', 's'], '--preset and --scenario are exclusive'],
      [['simulate', '--case', 'c', '--preset', 'p'], '--preset, --scenario and --case are exclusive'],
    ];
    for (const [argv, message] of cases) {
      const r = await run(...argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.equal(r.err.split('\n')[0], `mmu-notifier-lens ${argv[0]}: ${message}`, argv.join(' '));
    }
  });

  it('reads --opt value and --opt=value alike, keeps repeated values in order, and -- ends the options', () => {
    const a = parseCommandArgs(SIMULATE, ['--variant', 'v6.1', '--variant=rfc-v2', '--seed', '-1', '--json']);
    assert.ok(typeof a !== 'string');
    assert.deepEqual(a.values('variant'), ['v6.1', 'rfc-v2']);
    assert.equal(a.value('seed'), '-1'); // a value, refused later as not a whole number
    assert.ok(a.has('json'));
    const sites = parseCommandArgs(SITES, ['--', '-odd-name.c']);
    assert.ok(typeof sites !== 'string');
    assert.deepEqual(sites.operands, ['-odd-name.c']);
  });

  it('bad values of the scenario options exit 2 in import as in simulate', async () => {
    const trace = join(ROOT, 'test', 'fixtures', 'traces', 'handmade.trace.txt');
    const variant = await run('import', trace, '--variant', 'v9.9');
    assert.equal(variant.code, 2);
    assert.match(variant.err, /^mmu-notifier-lens import: unknown variant 'v9\.9'/);
    const scenario = await run('import', trace, '--variant', 'v6.1', '--scenario', '/dev/null');
    assert.deepEqual(
      [scenario.code, scenario.err],
      [2, 'mmu-notifier-lens import: /dev/null: a character device, not a regular file'],
    );
  });

  it('import --variant on a trace with its oracle case applies --set to that case, as simulate --case does', async () => {
    const counters = async (...extra: string[]): Promise<Record<string, number>> => {
      const r = await run('import', ORACLE_TRACE, '--variant', 'v6.1', '--json', ...extra);
      assert.equal(r.code, 0, r.err);
      return (JSON.parse(r.out) as { simulated: { counters: Record<string, number> }[] }).simulated[0]
        .counters;
    };
    assert.notDeepEqual(await counters('--set', 'guest.memory_gib=2'), await counters());
  });
});
