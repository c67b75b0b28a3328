// The timeline page's shell, as the host writes it into the webview: what the page may load
// (webview options: scripts on, resources only from dist/ and media/) and its HTML, a strict
// Content-Security-Policy with a fresh nonce per load. Everything else the page builds itself
// (src/webview/main.ts); the e2e probe reads the nonce from the page's own script tag.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { timelinePageCsp } from './timelineCsp';

/** The webview options of the timeline panel (created or revived). */
export function timelineOptions(
  extensionUri: vscode.Uri,
): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [
      vscode.Uri.joinPath(extensionUri, 'dist'),
      vscode.Uri.joinPath(extensionUri, 'media'),
    ],
  };
}

/**
 * The page: `<div id="app">`, `canvas#timeline` and the bundle dist/webview.js, styled by
 * media/timeline.css; nothing runs or loads without the nonce or the webview's own origin.
 */
export function timelineHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const css = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'timeline.css'));
  const csp = timelinePageCsp(webview.cspSource, nonce);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${css}" nonce="${nonce}">
<title>MMU Notifier Lens</title></head>
<body><div id="app"></div><canvas id="timeline"></canvas>
<script nonce="${nonce}" src="${script}"></script></body></html>`;
}
