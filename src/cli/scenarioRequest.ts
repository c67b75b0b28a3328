// The scenario options `simulate` and `import` share (--preset NAME | --scenario FILE, --set
// path=value..., --seed N) turned into the core's simulation request (core/sim/request.ts), and
// the checks made before any simulation work.
import {
  MAX_SCENARIO_CHARS,
  workOverBudget,
  prepareSimulationRequest,
  type PreparedRequest,
  type SimulationRequestSpec,
} from '../core/sim';
import { parseJsonText } from '../core/safety';
import { readRegularFile } from '../core/source/node';

/** The message of anything thrown, for `mmu-notifier-lens CMD: message`. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** --set overrides, then `--seed N` (a whole number) as `seed=N`, applied last. */
export function setsWithSeed(sets: string[], seed: string | undefined): string[] {
  if (seed === undefined) return sets;
  if (!/^\d+$/.test(seed))
    throw new Error(`--seed: expected a whole number, received ${JSON.stringify(seed)}`);
  return [...sets, `seed=${Number(seed)}`];
}

/** The request for --preset NAME or --scenario FILE (read here: a regular file, bounded) with overrides. */
export async function scenarioRequest(
  o: { preset?: string; scenarioFile?: string; sets: string[] },
  variants: string[],
): Promise<SimulationRequestSpec> {
  if (o.scenarioFile === undefined) return { preset: o.preset, variants, sets: o.sets };
  // Only a regular file, at most MAX_SCENARIO_CHARS characters (4 bytes each at worst in UTF-8).
  const got = await readRegularFile(o.scenarioFile, MAX_SCENARIO_CHARS * 4);
  if (got.refused !== undefined) throw new Error(`${o.scenarioFile}: ${got.refused}`);
  const json = parseJsonText(got.bytes.toString('utf8'), o.scenarioFile, MAX_SCENARIO_CHARS);
  return { scenario: json, scenarioSource: o.scenarioFile, variants, sets: o.sets };
}

/** The request checked (variants, overrides), its scenario refused if over the simulation budget. */
export function prepareWithinBudget(req: SimulationRequestSpec): PreparedRequest {
  const prepared = prepareSimulationRequest(req);
  const over = workOverBudget(prepared.scenarioFor(req.variants[0]));
  if (over) throw new Error(over);
  return prepared;
}
