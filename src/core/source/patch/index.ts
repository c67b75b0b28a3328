// Patch series: parse (.patch/.diff/.mbox/.eml), sites in patch files, apply in memory, analyze.
export { parsePatchSeries, patchName } from './seriesParse';
export {
  findSitesInPatch,
  sitesOfSeries,
  sectionFunction,
  opsInitialiserOf,
  MAX_PATCH_CHARS,
} from './patchSites';
export { applySeries, GNU_PATCH_MAX_FUZZ, DEFAULT_MAX_FUZZ } from './applyHunks';
export type { AppliedSeries } from './applyHunks';
export { analyzeSeries } from './seriesAnalysis';
export type { SeriesAnalysis } from './seriesAnalysis';
export type * from './types';
