// CodeLens above every mmu-notifier site the core's scanner finds, in C files and in patch
// files. provideCodeLenses only places ranges from a parse cached per document version;
// resolveCodeLens writes the titles (operation, variants) and commands.
import { COMMAND } from './ids';
import * as vscode from 'vscode';
import type { LensContext } from './lensContext';
import type { NotifierSite } from '../core/source';
import { scanDocumentSites } from './siteIndex';
import { Config, type SiteKindSetting } from './config';
import type { SiteLensArgs } from './simulateCommands';
import { treeAndReviewVariants } from './treeVariantStatus';
import { seriesVariantOf, type SeriesVariant } from './seriesVariant';

const KIND_SETTING: Record<NotifierSite['kind'], SiteKindSetting> = {
  call: 'calls',
  ops_field: 'opsFields',
  handler: 'handlers',
};

class SiteLens extends vscode.CodeLens {
  constructor(
    range: vscode.Range,
    readonly site: NotifierSite,
    readonly role: 'simulate' | 'compare',
    readonly docPath: string,
    /** In a patch document: the variant the series turns the tree into, when known. */
    readonly seriesVariant?: SeriesVariant,
  ) {
    super(range);
  }
}

export function isPatchDocument(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'diff' || /\.(patch|diff|mbox|mbx|eml)$/i.test(doc.fileName);
}

/** Tree-relative path of a document when it is inside a workspace folder. */
function treePath(doc: vscode.TextDocument): string {
  return vscode.workspace.asRelativePath(doc.uri, false);
}

export function siteLensArgs(
  ctx: LensContext,
  site: NotifierSite,
  docPath: string,
  seriesVariant?: SeriesVariant,
): SiteLensArgs {
  const variants = treeAndReviewVariants(ctx, seriesVariant?.variant);
  const label = (v: string): string => (v === seriesVariant?.variant ? seriesVariant.label : v);
  return {
    file: docPath,
    line: site.line,
    fn: site.function ?? site.handler ?? site.callee,
    callee: site.callee,
    operation: site.operation,
    operationLabel: site.operationLabel,
    preset: site.scenario.preset,
    variants,
    labels: variants.map(label),
  };
}

/** The site on the cursor's line or the nearest one above it, as lens arguments. */
export function siteLensArgsAt(
  ctx: LensContext,
  doc: vscode.TextDocument,
  line0: number,
): SiteLensArgs | undefined {
  const sites = scanDocumentSites(doc).filter((s) => s.line - 1 <= line0);
  const site = sites.sort((a, b) => b.line - a.line)[0];
  return site ? siteLensArgs(ctx, site, treePath(doc)) : undefined;
}

function simulateTitle(args: SiteLensArgs, site: NotifierSite): string {
  const what = site.kind === 'call' ? args.operationLabel : `events reaching ${args.fn}`;
  return `▶ Simulate ${what} · ${(args.labels ?? args.variants).join(' vs ')}`;
}

export class NotifierCodeLensProvider implements vscode.CodeLensProvider<SiteLens> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  static activate(ctx: LensContext): NotifierCodeLensProvider {
    const provider = new NotifierCodeLensProvider(ctx);
    ctx.subscriptions.push(
      vscode.languages.registerCodeLensProvider(
        [{ language: 'c' }, { language: 'diff' }, { pattern: '**/*.{patch,diff,mbox,mbx,eml}' }],
        provider,
      ),
      Config.onDidChange(
        (e) => e.affects('codeLens', 'treeVariant', 'reviewVariant') && provider.changed.fire(),
      ),
      provider.changed,
    );
    ctx.onTreeVariantChanged(() => provider.changed.fire());
    return provider;
  }

  private constructor(private readonly ctx: LensContext) {}

  provideCodeLenses(doc: vscode.TextDocument): SiteLens[] {
    const cfg = this.ctx.config;
    if (!cfg.codeLensEnabled) return [];
    if (isPatchDocument(doc) && !cfg.lensKindEnabled('patches')) return [];
    const lenses: SiteLens[] = [];
    const docPath = treePath(doc);
    const seriesVariant = isPatchDocument(doc)
      ? seriesVariantOf(doc, this.ctx.extension.extensionPath, () => this.changed.fire())
      : undefined;
    for (const site of scanDocumentSites(doc)) {
      if (!cfg.lensKindEnabled(KIND_SETTING[site.kind])) continue;
      const range = new vscode.Range(site.line - 1, site.column, site.line - 1, site.endColumn);
      lenses.push(new SiteLens(range, site, 'simulate', docPath, seriesVariant));
      if (site.kind === 'call') lenses.push(new SiteLens(range, site, 'compare', docPath, seriesVariant));
    }
    return lenses;
  }

  resolveCodeLens(lens: SiteLens): SiteLens {
    const args = siteLensArgs(this.ctx, lens.site, lens.docPath, lens.seriesVariant);
    const event = lens.site.event && lens.site.event !== 'none' ? ` (${lens.site.event})` : '';
    lens.command =
      lens.role === 'simulate'
        ? {
            title: simulateTitle(args, lens.site),
            command: COMMAND.simulate,
            arguments: [args],
            tooltip: `Run preset ${args.preset} for ${lens.site.callee}${event} in ${args.fn}() on ${args.variants.join(' and ')}`,
          }
        : {
            title: 'Compare…',
            command: COMMAND.compareVariants,
            arguments: [args],
            tooltip: 'Pick kernel variants to compare on this path',
          };
    return lens;
  }
}
