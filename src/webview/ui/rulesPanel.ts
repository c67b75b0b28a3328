// The rules panel (#12 item 5): every rule of each compared variant with its citation (hover),
// rules that differ between the variants marked; a click on a value asks the host to re-run
// the shown run with one more variant, that one with the rule flipped to its next value
// (`v6.12+kvmDeferNumaZap`), beside the others, so the counters table shows its deltas.
import type { RunVariantRules, TimelineRun } from '../../protocol/messages';
import { el } from './dom';

export type FlipRule = (variant: string, rule: string, value: string | boolean) => void;

function nextChoice(value: string | boolean, choices: (string | boolean)[]): string | boolean {
  const i = choices.indexOf(value);
  return choices[(i + 1) % choices.length] ?? !value;
}

/** Renders the panel into `root` (replacing what it showed); nothing when the run has no rules. */
export function renderRulesPanel(root: HTMLElement, run: TimelineRun, flip: FlipRule): void {
  root.replaceChildren();
  const all: RunVariantRules[] = run.rules ?? [];
  if (all.length === 0) return;
  const details = el('details', 'mnl-rules', undefined, root);
  details.open = true;
  el(
    'summary',
    undefined,
    'Rules of each variant — click a value to simulate that variant with it flipped (what-if)',
    details,
  );
  const table = el('table', 'mnl-table mnl-rules-table', undefined, details);
  const head = el('tr', undefined, undefined, el('thead', undefined, undefined, table));
  el('th', undefined, 'rule', head);
  for (const v of all) el('th', undefined, v.variant, head);
  const body = el('tbody', undefined, undefined, table);
  for (const { rule } of all[0].rules) {
    const cells = all.map((v) => v.rules.find((r) => r.rule === rule));
    const differs = new Set(cells.map((c) => String(c?.value))).size > 1;
    const tr = el('tr', differs ? 'mnl-rule-differs' : undefined, undefined, body);
    el('td', 'mnl-rule-name', rule, tr);
    all.forEach((v, k) => {
      const c = cells[k];
      const td = el('td', undefined, undefined, tr);
      if (!c) return;
      const next = nextChoice(c.value, c.choices);
      const b = el('button', 'mnl-rule-flip', String(c.value), td);
      b.type = 'button';
      b.title = `${c.cite || 'no citation'}\nClick: simulate ${v.variant} with ${rule} = ${String(next)} beside the others`;
      b.dataset.variant = v.variant;
      b.dataset.rule = rule;
      b.addEventListener('click', () => flip(v.variant, rule, next));
    });
  }
}
