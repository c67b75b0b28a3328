// What the extension-host suites know about their surroundings.
import * as vscode from 'vscode';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type {
  MmuLensApi,
  StampedTestEvent,
  TestEventLog,
  TestSeams,
} from '../../../src/extension/testEvents';

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

export type { StampedTestEvent as TestEvent };
/** The stamped event of one kind, e.g. TestEventOf<'rendered'>. */
export type TestEventOf<K extends StampedTestEvent['event']> = Extract<StampedTestEvent, { event: K }>;

/**
 * The extension's test events (src/extension/testEvents.ts): the `testEvents` of the API
 * object its activate() returns, which it creates only in ExtensionMode.Test.
 */
export async function testEvents(): Promise<TestEventLog> {
  const ext = vscode.extensions.getExtension<MmuLensApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  const api = await ext.activate();
  if (!api.testEvents)
    throw new Error(
      `${EXTENSION_ID}'s activate() returned no testEvents: the extension host does not run it in ExtensionMode.Test`,
    );
  return api.testEvents;
}

/** The extension's test seams (src/extension/testEvents.ts), created only in ExtensionMode.Test. */
export async function testSeams(): Promise<TestSeams> {
  const ext = vscode.extensions.getExtension<MmuLensApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  const api = await ext.activate();
  if (!api.testSeams)
    throw new Error(`${EXTENSION_ID}'s activate() returned no testSeams (not ExtensionMode.Test?)`);
  return api.testSeams;
}

/** The first event of `kind` (already emitted or still to come) that `pred` accepts. */
export async function waitForEvent<K extends StampedTestEvent['event']>(
  kind: K,
  pred: (e: TestEventOf<K>) => boolean,
  timeoutMs: number,
): Promise<TestEventOf<K>> {
  const log = await testEvents();
  const match = (e: StampedTestEvent): e is TestEventOf<K> => e.event === kind && pred(e as TestEventOf<K>);
  const seen = log.history.find(match);
  if (seen) return seen;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`no "${kind}" test event that matches within ${timeoutMs} ms`));
    }, timeoutMs);
    const sub = log.onDidEmit((e) => {
      if (!match(e)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(e);
    });
  });
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
