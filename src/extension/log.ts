// One LogOutputChannel "MMU Notifier Lens" behind a tiny module; errors reveal the channel.
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

export function initLog(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('MMU Notifier Lens', { log: true });
  return channel;
}

export const log = {
  info(message: string): void {
    channel?.info(message);
  },
  warn(message: string): void {
    channel?.warn(message);
  },
  error(message: string, err?: unknown): void {
    const detail =
      err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : err === undefined ? '' : String(err);
    channel?.error(detail ? `${message}: ${detail}` : message);
    channel?.show(true);
  },
  show(): void {
    channel?.show();
  },
};
