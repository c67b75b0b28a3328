// `mmu-notifier-lens simulate [--preset NAME | --scenario FILE] [--variant ID]... [--set path=value]...
// [--seed N] [--json]`: run a scenario on one or more kernel variants and print a plain-text table fit
// for a mailing-list reply (counters per variant, deltas against the first, cost), or JSON.
import { resolveScenarioVariant } from '../core/scenario/scenarioVariants';
import {
  applySet,
  DEFAULT_PRESET,
  loadPreset,
  MAX_SCENARIO_CHARS,
  parseScenarioText,
  simulate,
  workOverBudget,
  type Scenario,
} from '../core/sim';
import { runSimulateCase } from './simulateCase';
import { counterRows, tableLines } from '../core/export';
import { formatMs, formatMsDelta } from '../protocol/format';
import { COST_CATEGORIES, type SimulationResult } from '../protocol/simulation';
import { readRegularFile } from '../core/source/regularFile';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const DEFAULT_VARIANTS = ['v6.1', 'rfc-v2', 'v6.12'];
const CASE_VARIANTS = ['v6.1', 'v6.12'];
const USAGE =
  'usage: mmu-notifier-lens simulate [--preset NAME | --scenario FILE | --case FILE] [--variant ID]... [--set path=value]... [--seed N] [--json]';

export class UsageError extends Error {}

export interface Args {
  preset: string | null;
  scenarioFile: string | null;
  caseFile: string | null;
  variants: string[];
  sets: string[];
  seed: number | null;
  json: boolean;
}

export function parseArgs(argv: string[]): Args {
  const a: Args = {
    preset: null,
    scenarioFile: null,
    caseFile: null,
    variants: [],
    sets: [],
    seed: null,
    json: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--')))
        throw new UsageError(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--preset':
        a.preset = value();
        break;
      case '--scenario':
        a.scenarioFile = value();
        break;
      case '--case':
        a.caseFile = value();
        break;
      case '--variant':
        a.variants.push(value());
        break;
      case '--set':
        a.sets.push(value());
        break;
      case '--seed': {
        const v = value();
        if (!/^\d+$/.test(v))
          throw new UsageError(`--seed: expected a whole number, received ${JSON.stringify(v)}`);
        a.seed = Number(v);
        break;
      }
      case '--json':
        a.json = true;
        break;
      default:
        throw new UsageError(`unknown argument '${arg}'\n${USAGE}`);
    }
  }
  if ([a.preset, a.scenarioFile, a.caseFile].filter((x) => x !== null).length > 1)
    throw new UsageError(`--preset, --scenario and --case are exclusive\n${USAGE}`);
  return a;
}

async function loadScenario(a: Args): Promise<Scenario> {
  let sc: Scenario;
  if (a.scenarioFile) {
    // Only a regular file, at most MAX_SCENARIO_CHARS characters (4 bytes each at worst in UTF-8).
    const got = await readRegularFile(a.scenarioFile, MAX_SCENARIO_CHARS * 4);
    if (got.refused !== undefined) throw new UsageError(`${a.scenarioFile}: ${got.refused}`);
    sc = parseScenarioText(got.bytes.toString('utf8'), a.scenarioFile);
  } else sc = loadPreset(a.preset ?? DEFAULT_PRESET);
  for (const s of a.sets) sc = applySet(sc, s);
  if (a.seed !== null) sc = applySet(sc, `seed=${a.seed}`);
  return sc;
}

export function formatTable(sc: Scenario, results: SimulationResult[]): string {
  const base = results[0];
  const costRows: string[][] = [
    [
      'cost_ms total',
      ...results.map((r) => formatMs(r.cost_ns.total)),
      ...results.slice(1).map((r) => formatMsDelta(r.cost_ns.total - base.cost_ns.total)),
    ],
  ];
  for (const c of COST_CATEGORIES)
    if (results.some((r) => r.cost_ns[c] > 0))
      costRows.push([
        `cost_ms ${c}`,
        ...results.map((r) => formatMs(r.cost_ns[c])),
        ...results.slice(1).map((r) => formatMsDelta(r.cost_ns[c] - base.cost_ns[c])),
      ]);
  costRows.push([
    'contract violations',
    ...results.map((r) => String(r.violations.length)),
    ...results.slice(1).map(() => ''),
  ]);
  const g = sc.guest;
  const out = [
    `scenario ${sc.name}: ${g.memory_gib} GiB ${g.backing}, ${g.vcpus} vCPUs, device ${sc.device.kind}, ${sc.duration_s} s simulated, seed ${sc.seed}`,
    '',
    ...tableLines([...counterRows(results), [], ...costRows]),
  ];
  for (const r of results)
    for (const v of r.violations.slice(0, 5))
      out.push(
        `  ${r.variant}: ${v.rule} at ${(v.t / 1e9).toFixed(3)} s, gfn [${v.gfnStart}, ${v.gfnEnd}) by ${v.event}: ${v.message}`,
      );
  return out.join('\n');
}

export async function runSimulate(argv: string[], io: Io): Promise<number> {
  let a: Args;
  let sc: Scenario;
  let variants: string[];
  try {
    a = parseArgs(argv);
    if (a.caseFile) return runSimulateCase(a, a.caseFile, a.variants.length ? a.variants : CASE_VARIANTS, io);
    sc = await loadScenario(a);
    variants = a.variants.length ? a.variants : DEFAULT_VARIANTS;
    for (const v of variants) resolveScenarioVariant(sc, v);
    const over = workOverBudget(sc);
    if (over) throw new UsageError(over);
  } catch (e) {
    io.err(`simulate: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  const results = variants.map((v) => simulate(sc, v));
  if (a.json) {
    const body = {
      preset: a.scenarioFile ? null : (a.preset ?? DEFAULT_PRESET),
      scenario: a.scenarioFile,
      seed: sc.seed,
      results: results.map((r) => ({
        variant: r.variant,
        counters: r.counters,
        by_cause: r.by_cause,
        cost_ns: r.cost_ns,
        violations: r.violations,
      })),
    };
    io.out(JSON.stringify(body, null, 2));
  } else io.out(formatTable(sc, results));
  return 0;
}
