// The timeline page's test probe (src/webview/ui/testProbe.ts, `window.__mmuLens`), read
// from the node side through the webview frame. Its types are
// src/protocol/testProbe.ts, shared with the page.
import type { Page } from 'playwright-core';
import { webviewFrame } from './workbench';
import type { EventKind } from '../../../src/protocol/simulation';
import type {
  MmuLensProbe,
  ProbeEventPos,
  ProbeLaneBands,
  ProbeSummary,
  ProbeTable,
  ProbeTooltip,
} from '../../../src/protocol/testProbe';

export type { ProbeEventPos, ProbeLaneBands, ProbeSummary, ProbeTable, ProbeTooltip };

type Probe = MmuLensProbe;

type Call =
  | { m: 'summary' }
  | { m: 'eventScreenPos'; kind: EventKind; group?: number }
  | { m: 'laneBands'; lane: 'pte' | 'spte' }
  | { m: 'countersTable' }
  | { m: 'tooltip' };

async function call<T>(page: Page, c: Call): Promise<T> {
  return webviewFrame(page)
    .locator('body')
    .evaluate((_body, arg: Call) => {
      const p = (globalThis as unknown as { __mmuLens?: Probe }).__mmuLens;
      if (!p)
        throw new Error('window.__mmuLens is missing: is src/webview/ui/testProbe.ts imported by main.ts?');
      switch (arg.m) {
        case 'summary':
          return p.summary();
        case 'eventScreenPos':
          return p.eventScreenPos(arg.kind, { group: arg.group });
        case 'laneBands':
          return p.laneBands(arg.lane);
        case 'countersTable':
          return p.countersTable();
        case 'tooltip':
          return p.tooltip();
      }
    }, c) as Promise<T>;
}

export const probe = {
  summary: (page: Page) => call<ProbeSummary | null>(page, { m: 'summary' }),
  eventScreenPos: (page: Page, kind: EventKind, group?: number) =>
    call<ProbeEventPos | null>(page, { m: 'eventScreenPos', kind, group }),
  laneBands: (page: Page, lane: 'pte' | 'spte') => call<ProbeLaneBands[]>(page, { m: 'laneBands', lane }),
  countersTable: (page: Page) => call<ProbeTable[]>(page, { m: 'countersTable' }),
  tooltip: (page: Page) => call<ProbeTooltip>(page, { m: 'tooltip' }),
};

/** Waits until `read` answers something `ok` accepts; throws with the last answer. */
export async function waitForProbe<T>(
  page: Page,
  read: (page: Page) => Promise<T>,
  ok: (v: T) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    try {
      last = await read(page);
      if (ok(last)) return last;
    } catch (e) {
      if (Date.now() > deadline) throw e;
    }
    if (Date.now() > deadline)
      throw new Error(`${what}: not within ${timeoutMs} ms; last: ${JSON.stringify(last)}`);
    await page.waitForTimeout(200);
  }
}
