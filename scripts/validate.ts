// npm run validate: hold every committed real-kernel result (oracle/results/) against the simulator and
// rewrite docs/validation.md. `--check`: exit 1 if the committed page is out of date instead.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ORACLE_INDEX, runValidation, VALIDATION_DOC } from '../src/core/oracle/node';
import { beyond2x, noteFor, summaryCounts, realLabel } from '../src/core/oracle';

const root = join(__dirname, '..');
const v = runValidation(root);
const all = v.comparisons.flat();
const s = summaryCounts(all);
const outputs: [string, string][] = [
  [VALIDATION_DOC, v.markdown],
  [ORACLE_INDEX, v.index],
];
for (const [rel, text] of outputs) {
  const path = join(root, rel);
  if (process.argv.includes('--check')) {
    const old = existsSync(path) ? readFileSync(path, 'utf8') : '';
    if (old !== text) {
      console.error(`${rel} is out of date: run npm run validate`);
      process.exitCode = 1;
    }
  } else writeFileSync(path, text);
}
console.log(
  `${v.results.length} case runs, ${all.length} comparisons: ${s.within125} within 1.25x, ${s.within2} within 2x, ${s.beyond} beyond 2x`,
);
for (const c of beyond2x(all))
  if (!noteFor(v.notes, c))
    console.log(
      `  no explanation yet: ${c.caseName}/${c.series}/${c.mapping.source}:${c.mapping.real} (${realLabel(c.mapping)})`,
    );
