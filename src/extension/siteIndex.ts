// Notifier sites of an open document, scanned by the core and cached per document version
// (C sources by the site scanner, patch files by the patch parser).
import type * as vscode from 'vscode';
import { type NotifierSite, scanSourceText } from '../core/source';
import { findSitesInPatch } from '../core/source/patch';

interface Entry {
  version: number;
  sites: NotifierSite[];
}

const MAX_ENTRIES = 64;
const cache = new Map<string, Entry>();

export function scanDocumentSites(doc: vscode.TextDocument): NotifierSite[] {
  const key = doc.uri.toString();
  const hit = cache.get(key);
  if (hit && hit.version === doc.version) return hit.sites;
  const text = doc.getText();
  const isPatch = doc.languageId === 'diff' || /\.(patch|diff|mbox|mbx|eml)$/i.test(doc.fileName);
  const sites = isPatch
    ? findSitesInPatch(text, doc.fileName).sites
    : scanSourceText(text, doc.fileName).sites;
  cache.delete(key);
  cache.set(key, { version: doc.version, sites });
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  return sites;
}
