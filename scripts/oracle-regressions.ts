// npx tsx scripts/oracle-regressions.ts [BASE] [--json OUT]: which real-kernel comparisons got worse since
// BASE (a commit; default 427bdb3, main before issue #11's mechanisms). It checks BASE out into a
// temporary git worktree, copies the current oracle/results/ into it, runs that tree's own validation
// (its simulator and its caseToScenario()) and this tree's on the same result files, and lists every
// comparison whose error |log(sim/real)| grew by more than 5% (a zero on one side only is an infinite
// error), with whether docs/validation-notes.json explains it. Summary bands as in docs/validation.md.
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Comparison, noteFor } from '../src/core/oracle';
import { runValidation } from '../src/core/oracle/node';

const ROOT = join(__dirname, '..');
const args = process.argv.slice(2);
const jsonAt = args.indexOf('--json');
const jsonOut = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
const base = args.find((a, i) => !a.startsWith('--') && (jsonAt < 0 || i !== jsonAt + 1)) ?? '427bdb3';
const GROWTH = Math.log(1.05);

interface Row {
  key: string;
  real: number;
  sim: number;
}
const keyOf = (c: Comparison): string => `${c.caseName}/${c.series}/${c.mapping.source}:${c.mapping.real}`;
const rowsOf = (cs: Comparison[][]): Row[] =>
  cs.flat().map((c) => ({ key: keyOf(c), real: c.real, sim: c.sim }));
const err = (r: Row): number =>
  r.sim === r.real ? 0 : r.sim === 0 || r.real === 0 ? Infinity : Math.abs(Math.log(r.sim / r.real));
const bands = (rs: Row[]): string => {
  const w125 = rs.filter((r) => err(r) <= Math.log(1.25) + 1e-12).length;
  const w2 = rs.filter((r) => err(r) <= Math.log(2) + 1e-12).length;
  return `${rs.length} comparisons: ${w125} within 1.25x, ${w2} within 2x, ${rs.length - w2} beyond`;
};

async function baseRows(): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'mmulens-base-'));
  const tree = join(dir, 'tree');
  execFileSync('git', ['-C', ROOT, 'worktree', 'add', '--detach', tree, base], { stdio: 'ignore' });
  try {
    symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'));
    cpSync(join(ROOT, 'oracle', 'results'), join(tree, 'oracle', 'results'), { recursive: true });
    const old = (await import(join(tree, 'src', 'core', 'oracle', 'validationRun.ts'))) as {
      runValidation: (root: string) => { comparisons: Comparison[][] };
    };
    return rowsOf(old.runValidation(tree).comparisons);
  } finally {
    execFileSync('git', ['-C', ROOT, 'worktree', 'remove', '--force', tree], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  }
}

void (async () => {
  const before = new Map((await baseRows()).map((r) => [r.key, r]));
  const v = runValidation(ROOT);
  const now = v.comparisons.flat();
  const nowRows = rowsOf(v.comparisons);
  console.log(`${base}: ${bands([...before.values()])}`);
  console.log(`now:     ${bands(nowRows)}`);
  const worse = now.filter((c) => {
    const b = before.get(keyOf(c));
    if (!b) return false;
    const [eb, ea] = [err(b), err({ key: '', real: c.real, sim: c.sim })];
    return ea > eb && !(Number.isFinite(ea) && ea - eb <= GROWTH);
  });
  console.log(`${worse.length} comparisons worse than at ${base}:`);
  const out = worse.map((c) => {
    const b = before.get(keyOf(c)) as Row;
    const explained = noteFor(v.notes, c) !== null;
    console.log(
      `  ${keyOf(c)}: real ${c.real}, ${base} ${b.sim}, now ${c.sim}${explained ? '' : '  (no note in docs/validation-notes.json)'}`,
    );
    return { key: keyOf(c), real: c.real, before: b.sim, now: c.sim, explained };
  });
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify(out, null, 1) + '\n');
})();
