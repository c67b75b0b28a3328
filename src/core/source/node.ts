// NODE ONLY: the kernel-source analysis's file-system side (reading files and folders, bounded and
// regular files only, the prefilter worker pool), for the CLI, the extension host and its workers.
// Kept out of ./index.ts so that the pure API stays importable from a browser bundle.
export {
  readSourceFile,
  listSourceFiles,
  treeFileReader,
  scanPathSites,
  type PathScan,
  type ScanOptions as PathScanOptions,
} from './nodeFs';
export { readRegularFile, readRegularPrefixSync, fileKind, overLimit, type BoundedRead } from './regularFile';
export {
  bundledPrefilterWorkers,
  defaultWorkerCount,
  prefilterTree,
  type PrefilterWorkers,
} from './sitePrefilterPool';
