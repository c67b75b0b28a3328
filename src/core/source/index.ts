// The kernel-source analysis, public API (pure: no `vscode`, no file system; see node.ts
// for the node-only readers the CLI and the extension host use).
export type * from './types';
export { scanSourceText, SiteCache } from './scanner';
export { scanSites } from './siteScanner';
export type { ScanOptions } from './siteScanner';
export { classifySite, OPERATIONS, FUNCTION_OPERATIONS } from './operations';
export type { OperationId, OperationInfo, OperationOfSite, SiteFacts } from './operations';
export { NOTIFIER_CALLEES, RANGE_CALLEES, OPS_STRUCTS, mayHoldSites } from './calleeCatalog';
export { checkSourceBytes, checkSourceText, decodeSource, MAX_SOURCE_BYTES } from './inputChecks';
export { treePathProblem, normalTreePath, isInsideRoot } from './treePath';
export { SITE_MARKERS, RANGE_INIT_CALLEES } from './calleeCatalog';
export { detectTreeVariant, overlayReader, parseMakefileVersion } from './detect';
export type { DetectEvidence, TreeDetection, KernelVersion } from './detect';
export { analyzeSeries, applySeries, findSitesInPatch, parsePatchSeries, patchName } from './patch';
export type * from './patch/types';
export type { SeriesAnalysis, AppliedSeries } from './patch';
