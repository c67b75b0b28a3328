// Real vs simulated as aligned plain text (the CLI's `simulate --case` and the test failure messages).
import { alignColumns } from '../export/textSummary';
import { realLabel } from './counterMap';
import { formatRatio, type Comparison } from './compare';
import { maxOf } from '../safety/arrays';

const num = (v: number): string => v.toLocaleString('en-US');

export function formatComparisons(rows: readonly Comparison[]): string {
  const table = [['kernel', 'real counter', 'real', 'simulated', 'ratio', 'band']];
  for (const r of rows)
    table.push([
      `${r.series} (${r.variant})`,
      realLabel(r.mapping),
      num(r.real),
      `${num(r.sim)} ${r.mapping.sim}`,
      formatRatio(r.ratio),
      r.band,
    ]);
  const lines = alignColumns(table);
  lines.splice(
    1,
    0,
    '-'.repeat(
      maxOf(
        lines.map((l) => l.length),
        0,
      ),
    ),
  );
  return lines.join('\n');
}
