// `mmu-notifier-lens presets [--json]` and `mmu-notifier-lens variants [--json]`.
import { listPresets, listVariants } from '../core/sim';
import type { Io } from './simulateCommand';
import { maxOf } from '../core/safety/arrays';

function flags(argv: string[], cmd: string, io: Io): { json: boolean } | null {
  let json = false;
  for (const a of argv) {
    if (a === '--json') json = true;
    else {
      io.err(`${cmd}: unknown argument '${a}'\nusage: mmu-notifier-lens ${cmd} [--json]`);
      return null;
    }
  }
  return { json };
}

export async function runPresets(argv: string[], io: Io): Promise<number> {
  const f = flags(argv, 'presets', io);
  if (!f) return 2;
  const ps = listPresets();
  if (f.json) io.out(JSON.stringify(ps, null, 2));
  else {
    const w = maxOf(
      ps.map((p) => p.name.length),
      0,
    );
    for (const p of ps) io.out(`${p.name.padEnd(w)}  ${p.description}`);
  }
  return 0;
}

export async function runVariants(argv: string[], io: Io): Promise<number> {
  const f = flags(argv, 'variants', io);
  if (!f) return 2;
  const vs = listVariants();
  if (f.json) io.out(JSON.stringify(vs, null, 2));
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
