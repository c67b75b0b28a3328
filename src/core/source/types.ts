// The shapes the kernel-source analysis hands to the extension and the CLI.
// Positions follow the editor convention: line 1-based, column 0-based (UTF-16 code units).

/** What a site is: a call of a notifier API, a field of an ops initialiser, or a handler it names. */
export type SiteKind = 'call' | 'ops_field' | 'handler';

/** An `MMU_NOTIFY_*` constant, `unknown` (cannot be known in the function) or `none` (no range). */
export type NotifierEvent = string;

/** The scenario a lens runs for a site: a preset of the simulator, the operation, the variant. */
export interface FocusedScenario {
  /** `vfio-boot` for NUMA balancing, `op-<operation>` for the others (see operations.ts). */
  preset: string;
  operation: string;
  variant: string;
}

export interface NotifierSite {
  /** As given to the scanner (a path or a uri); the CLI makes it relative to its PATH. */
  file: string;
  line: number;
  column: number;
  endColumn: number;
  /** `mmu_notifier_invalidate_range_start`, or for ops fields and handlers `mmu_notifier_ops.invalidate_range_start`. */
  callee: string;
  kind: SiteKind;
  /** Enclosing function (for `#define` bodies: the macro's name); null at file scope (ops initialisers). */
  function: string | null;
  event: NotifierEvent;
  /** Operation id from operations.ts (`numa_balancing`, `munmap`, …, `kvm_subscriber`, `unknown`). */
  operation: string;
  /** Human label of the operation, e.g. "mprotect / NUMA balancing". */
  operationLabel: string;
  scenario: FocusedScenario;
  /** For ops fields: the handler the field names (identifier), if any. */
  handler?: string;
  /** For range-carrying calls: the range expression, e.g. `range` or `wpwalk->range`. */
  rangeExpr?: string;
  /** Sites found in a patch file: the C file of the tree the hunk is for. */
  sourceFile?: string;
  /** Sites found in a patch file: on an added, removed or context line of a hunk. */
  change?: 'added' | 'removed' | 'context';
}

export type DiagnosticSeverity = 'error' | 'warning';

/** A problem with an input, naming the file: returned, never thrown through the CLI. */
export interface SourceDiagnostic {
  file: string;
  severity: DiagnosticSeverity;
  message: string;
  line?: number;
}

export interface ScanResult {
  file: string;
  sites: NotifierSite[];
  diagnostics: SourceDiagnostic[];
}

/** Reads a file of a tree, relative to its root; undefined when absent. */
export type ReadTreeFile = (relPath: string) => Promise<string | undefined>;
