// The UI end-to-end tier is a list of named checks sharing one workbench page. Each check
// counts as one test. To add one: write `{ name, requires, run }` in a file under checks/
// and list it in checks/index.ts. A check whose `requires` failed is counted as failed
// without running; every other check runs even after an earlier failure.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { HostLog } from '../harness/hostLog';

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
  /**
   * The extension's own log (its output channel's file). The VSIX under test runs in
   * ExtensionMode.Production: it has no test events, and its page has no probe until
   * lensProbe.ts injects one.
   */
  hostLog: HostLog;
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

export function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}

export const shotPath = (artifacts: string, name: string): string => join(artifacts, `${name}.png`);
