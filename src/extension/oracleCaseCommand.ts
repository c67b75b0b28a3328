// "Simulate real-kernel case…": pick a case of the real-kernel oracle (oracle/cases, bundled), simulate
// it on v6.1 and v6.12, and show it with the committed real results as "real 6.1" / "real 6.12" columns
// in the counters table (and in the exports).
import * as vscode from 'vscode';
import type { LensContext } from './lensContext';
import { bundledCases, bundledRealCounters } from '../core/oracle';

export const ORACLE_CASE_VARIANTS = ['v6.1', 'v6.12'];

export const simulateOracleCaseCommand = (ctx: LensContext) => async (arg?: unknown) => {
  const cases = bundledCases();
  let name = typeof arg === 'string' ? arg : undefined;
  if (name === undefined) {
    const picked = await vscode.window.showQuickPick(
      cases.map((c) => {
        const real = bundledRealCounters(c.name);
        return {
          label: c.name,
          description: real.length ? real.map((r) => r.label).join(', ') : 'no real result yet',
          detail: c.description,
        };
      }),
      { title: 'MMU Notifier Lens: simulate a real-kernel oracle case', matchOnDescription: true },
    );
    if (!picked) return undefined;
    name = picked.label;
  }
  return ctx.simulateAndShow({
    title: `oracle case ${name} · ${ORACLE_CASE_VARIANTS.join(' vs ')}`,
    oracleCase: name,
    variants: ORACLE_CASE_VARIANTS,
  });
};
