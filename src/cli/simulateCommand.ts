// `mmu-notifier-lens simulate [--preset NAME | --scenario FILE | --case FILE] [--variant ID]...
// [--set path=value]... [--seed N] [--json]`: run a scenario on one or more kernel variants and print a
// plain-text table fit for a mailing-list reply (counters per variant, deltas against the first,
// cost), or JSON. The options become the core's simulation request (core/sim/request.ts).
import { DEFAULT_PRESET, simulate, type PreparedRequest } from '../core/sim';
import type { CliIo } from './cliIo';
import { parseCommandArgs, refuse, refuseUsage } from './commandArgs';
import { SIMULATE } from './commandSpecs';
import { runSimulateCase } from './simulateCase';
import { formatTable } from './simulateTable';
import { messageOf, prepareWithinBudget, scenarioRequest, setsWithSeed } from './scenarioRequest';

const DEFAULT_VARIANTS = ['v6.1', 'rfc-v2', 'v6.12'];
const CASE_VARIANTS = ['v6.1', 'v6.12'];

export async function runSimulate(argv: string[], io: CliIo): Promise<number> {
  const a = parseCommandArgs(SIMULATE, argv);
  if (typeof a === 'string') return refuseUsage(io, SIMULATE, a);
  const json = a.has('json');
  const scenarioFile = a.value('scenario');
  const caseFile = a.value('case');
  let sets: string[];
  try {
    sets = setsWithSeed(a.values('set'), a.value('seed'));
  } catch (e) {
    return refuse(io, SIMULATE, messageOf(e));
  }
  if (caseFile !== undefined)
    return runSimulateCase(
      caseFile,
      a.values('variant').length ? a.values('variant') : CASE_VARIANTS,
      sets,
      json,
      io,
    );
  const variants = a.values('variant').length ? a.values('variant') : DEFAULT_VARIANTS;
  let prepared: PreparedRequest;
  try {
    prepared = prepareWithinBudget(
      await scenarioRequest({ preset: a.value('preset'), scenarioFile, sets }, variants),
    );
  } catch (e) {
    return refuse(io, SIMULATE, messageOf(e));
  }
  const sc = prepared.scenarioFor(variants[0]);
  const results = variants.map((v) => simulate(prepared.scenarioFor(v), v));
  if (json) {
    const body = {
      preset: scenarioFile !== undefined ? null : (a.value('preset') ?? DEFAULT_PRESET),
      scenario: scenarioFile ?? null,
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
