// The timeline page's Content-Security-Policy, one place for the host's page (timelineHtml.ts) and the
// webview benchmark's copy of it (bench/webview/pageServer.ts): nothing loads but from the page's own
// origin, and no script or style runs without the load's nonce. No vscode import: the bench runs it too.

/** The CSP of a timeline page served from `origin` (the webview's cspSource) with this load's `nonce`. */
export function timelinePageCsp(origin: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${origin} data:`,
    `style-src ${origin} 'nonce-${nonce}'`,
    `font-src ${origin}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}
