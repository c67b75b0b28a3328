// What the extension-host suites know about their surroundings.
import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const EXTENSION_ID = 'mmu-notifier-lens.mmu-notifier-lens';
export const SIMULATE_COMMAND = 'mmuNotifierLens.simulate';
export const LENS_TITLE_PREFIX = '▶ Simulate';

export function cacheDir(): string {
  return process.env.MMU_LENS_CACHE ?? join(homedir(), '.cache', 'mmu-notifier-lens');
}

/** The Linux 6.12 tree: the workspace folder the runner opened, else the cache's copy. */
export function kernelTree(version: '6.12' | '6.1'): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (version === '6.12' && folder && /linux-6\.12\/?$/.test(folder)) return folder;
  return join(cacheDir(), `linux-${version}`);
}

export interface HookEvent {
  event: string;
  at?: number;
  ms?: number;
  [key: string]: unknown;
}

/** The events the extension appended to $MMU_LENS_TEST_HOOKS so far. */
export function hookEvents(): HookEvent[] {
  const file = process.env.MMU_LENS_TEST_HOOKS;
  if (!file) return [];
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as HookEvent);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Ask VS Code for the document's lenses (resolving them, so commands are filled in) until
 * one of ours is there: activation by `onLanguage:c` is asynchronous.
 */
export async function pollLenses(uri: vscode.Uri, timeoutMs = 30_000): Promise<vscode.CodeLens[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lenses =
      (await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        uri,
        1000,
      )) ?? [];
    if (lenses.some((l) => l.command?.command.startsWith('mmuNotifierLens.'))) return lenses;
    if (Date.now() > deadline) return lenses;
    await sleep(200);
  }
}
