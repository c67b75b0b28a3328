// The UI end-to-end tier is a list of named checks sharing one workbench page. Each check
// counts as one test. To add one: write `{ name, requires, run }` in a file under checks/
// and list it in checks/index.ts. A check whose `requires` failed is counted as failed
// without running; every other check runs even after an earlier failure.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

export interface HookEvent {
  event: string;
  at?: number;
  [key: string]: unknown;
}

export interface E2EContext {
  page: Page;
  /** http://127.0.0.1:PORT */
  baseUrl: string;
  /** The workspace folder (the Linux 6.12 tree). */
  workspace: string;
  /** Screenshots and other files go here. */
  artifacts: string;
  /** Save a screenshot of the page as artifacts/NAME.png; returns its path. */
  screenshot(name: string): Promise<string>;
  /** Events the extension appended to $MMU_LENS_TEST_HOOKS since the e2e tier started. */
  hooks(): HookEvent[];
  /** Wait until a hook event matching `pred` appears. */
  waitForHook(pred: (e: HookEvent) => boolean, timeoutMs: number): Promise<HookEvent>;
  /** Values one check leaves for later ones (e.g. the lens it clicked). */
  state: Map<string, unknown>;
  log(message: string): void;
}

export interface Check {
  name: string;
  /** Names of earlier checks this one cannot run without. */
  requires?: string[];
  /** Default 60 s. */
  timeoutMs?: number;
  run(ctx: E2EContext): Promise<void>;
}

/** Reads the hook file from a byte offset on (events of earlier sessions are ignored). */
export class HookLog {
  private readonly offset: number;

  constructor(private readonly file: string | undefined) {
    this.offset = file && existsSync(file) ? statSync(file).size : 0;
  }

  events(): HookEvent[] {
    if (!this.file || !existsSync(this.file)) return [];
    return readFileSync(this.file)
      .subarray(this.offset)
      .toString('utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as HookEvent);
  }

  async waitFor(pred: (e: HookEvent) => boolean, timeoutMs: number): Promise<HookEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.events().find(pred);
      if (hit) return hit;
      if (Date.now() > deadline)
        throw new Error(`no matching test-hook event within ${timeoutMs} ms (file: ${this.file})`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}

export const shotPath = (artifacts: string, name: string): string => join(artifacts, `${name}.png`);
