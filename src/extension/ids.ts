// Every identifier the extension contributes, in one place: command ids, setting keys, the
// webview view type and the status bar item id. package.json contributes the same strings;
// test/unit/extensionIds.test.ts holds the two to each other.

/** The one prefix of commands, settings, views and context keys. */
export const PREFIX = 'mmuNotifierLens';

export const COMMAND = {
  simulate: `${PREFIX}.simulate`,
  simulatePreset: `${PREFIX}.simulatePreset`,
  simulateOracleCase: `${PREFIX}.simulateOracleCase`,
  compareVariants: `${PREFIX}.compareVariants`,
  simulateTree: `${PREFIX}.simulateTree`,
  openScenario: `${PREFIX}.openScenario`,
  runScenario: `${PREFIX}.runScenario`,
  exportTimeline: `${PREFIX}.exportTimeline`,
  showInTimeline: `${PREFIX}.showInTimeline`,
  showTreeVariant: `${PREFIX}.showTreeVariant`,
  importTrace: `${PREFIX}.importTrace`,
  compareWithSimulation: `${PREFIX}.compareWithSimulation`,
  showLog: `${PREFIX}.showLog`,
} as const;
export type CommandName = keyof typeof COMMAND;

/** Setting keys below the `mmuNotifierLens` section (Config reads them). */
export const SETTING = {
  codeLensEnabled: 'codeLens.enabled',
  treeVariant: 'treeVariant',
  reviewVariant: 'reviewVariant',
  durationS: 'simulation.durationS',
  importMaxEvents: 'import.maxEvents',
} as const;

/** The full key of a setting, for `affectsConfiguration` and `workbench.action.openSettings`. */
export function settingKey(key: string): string {
  return `${PREFIX}.${key}`;
}

export const TIMELINE_VIEW_TYPE = `${PREFIX}.timeline`;
export const TREE_VARIANT_STATUS_ID = `${PREFIX}.treeVariant`;
