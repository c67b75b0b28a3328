// The entry points the extension and the CLI use for C text: scanSourceText() and a
// SiteCache keyed by (uri, document version), so provideCodeLenses stays cheap.
import { scanSites } from './siteScanner';
import { ScanResult } from './types';

/** Scans one C text (an editor buffer or a file's content); never throws. */
export function scanSourceText(text: string, file: string, variant?: string): ScanResult {
  try {
    return scanSites(text, { file, variant });
  } catch (e) {
    // The scanner is written not to throw; this is the last line of defence for the editor.
    const message = `${file}: internal scanner error: ${e instanceof Error ? e.message : String(e)}`;
    return { file, sites: [], diagnostics: [{ file, severity: 'error', message }] };
  }
}

interface CacheEntry {
  version: number;
  variant: string | undefined;
  result: ScanResult;
}

/** Scan results per (uri, version); least recently used entries go first. */
export class SiteCache {
  private readonly entries = new Map<string, CacheEntry>();
  hits = 0;
  misses = 0;

  constructor(private readonly maxEntries = 64) {}

  /** The result for this document version; `text` is only read (or called) on a miss. */
  get(uri: string, version: number, text: string | (() => string), variant?: string): ScanResult {
    const hit = this.entries.get(uri);
    if (hit && hit.version === version && hit.variant === variant) {
      this.hits++;
      this.entries.delete(uri);
      this.entries.set(uri, hit);
      return hit.result;
    }
    this.misses++;
    const result = scanSourceText(typeof text === 'string' ? text : text(), uri, variant);
    this.entries.delete(uri);
    this.entries.set(uri, { version, variant, result });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return result;
  }

  /** Forget a document (closed or deleted). */
  delete(uri: string): void {
    this.entries.delete(uri);
  }

  get size(): number {
    return this.entries.size;
  }
}
