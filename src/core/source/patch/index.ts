// Patch series: parse (.patch/.diff/.mbox/.eml), sites in patch files, apply in memory, analyze.
export { parsePatchSeries, patchName } from './seriesParse';
export { findSitesInPatch, sitesOfSeries, sectionFunction } from './patchSites';
export { applySeries } from './applyHunks';
export type { AppliedSeries } from './applyHunks';
export { analyzeSeries } from './seriesAnalysis';
export type { SeriesAnalysis } from './seriesAnalysis';
export type * from './types';
