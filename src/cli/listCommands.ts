// `mmu-notifier-lens presets [--json]` and `mmu-notifier-lens variants [--json]`.
import { listPresets, listVariants } from '../core/sim';
import { maxOf } from '../core/safety';
import type { CliIo } from './cliIo';
import { parseCommandArgs, refuseUsage } from './commandArgs';
import { PRESETS, VARIANTS } from './commandSpecs';

export async function runPresets(argv: string[], io: CliIo): Promise<number> {
  const a = parseCommandArgs(PRESETS, argv);
  if (typeof a === 'string') return refuseUsage(io, PRESETS, a);
  const ps = listPresets();
  if (a.has('json')) io.out(JSON.stringify(ps, null, 2));
  else {
    const w = maxOf(
      ps.map((p) => p.name.length),
      0,
    );
    for (const p of ps) io.out(`${p.name.padEnd(w)}  ${p.description}`);
  }
  return 0;
}

export async function runVariants(argv: string[], io: CliIo): Promise<number> {
  const a = parseCommandArgs(VARIANTS, argv);
  if (typeof a === 'string') return refuseUsage(io, VARIANTS, a);
  const vs = listVariants();
  if (a.has('json')) io.out(JSON.stringify(vs, null, 2));
  else {
    const w = maxOf(
      vs.map((v) => v.id.length),
      0,
    );
    for (const v of vs) {
      io.out(`${v.id.padEnd(w)}  ${v.description}${v.extends ? ` (from ${v.extends})` : ''}`);
      for (const r of v.rules)
        io.out(`${''.padEnd(w)}    ${r.rule} = ${JSON.stringify(r.value)}  [${r.cite}]`);
    }
    io.out('\nany subset of RFC v2 patches: rfc-v2:p1+p2, rfc-v2:p1+p2+p3+p4, ...');
  }
  return 0;
}
