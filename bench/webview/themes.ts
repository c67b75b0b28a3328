// Minimal stand-ins for the CSS variables VS Code injects into webviews, per theme kind, so
// the bench and screenshot pages look like the real panel in dark, light and high contrast.
export type ThemeKind = 'vscode-dark' | 'vscode-light' | 'vscode-high-contrast';

const THEMES: Record<ThemeKind, Record<string, string>> = {
  'vscode-dark': {
    'editor-background': '#1f1f1f',
    foreground: '#cccccc',
    descriptionForeground: '#9d9d9d',
    disabledForeground: 'rgba(204, 204, 204, 0.5)',
    'editorWidget-border': '#454545',
    'charts-red': '#f14c4c',
    'charts-blue': '#3794ff',
    'charts-yellow': '#cca700',
    'charts-orange': '#d18616',
    'charts-green': '#89d185',
    'charts-purple': '#b180d7',
    'terminal-ansiCyan': '#11a8cd',
    'terminal-ansiMagenta': '#bc3fbc',
    errorForeground: '#f85149',
    'textLink-foreground': '#4daafc',
    'editorHoverWidget-background': '#202020',
    'editorHoverWidget-border': '#454545',
    'button-secondaryBackground': '#313131',
    'font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
    'editor-font-family': '"Droid Sans Mono", monospace',
  },
  'vscode-light': {
    'editor-background': '#ffffff',
    foreground: '#3b3b3b',
    descriptionForeground: '#717171',
    disabledForeground: 'rgba(97, 97, 97, 0.5)',
    'editorWidget-border': '#c8c8c8',
    'charts-red': '#e51400',
    'charts-blue': '#1a85ff',
    'charts-yellow': '#bf8803',
    'charts-orange': '#d18616',
    'charts-green': '#388a34',
    'charts-purple': '#652d90',
    'terminal-ansiCyan': '#0598bc',
    'terminal-ansiMagenta': '#bc05bc',
    errorForeground: '#a1260d',
    'textLink-foreground': '#005fb8',
    'editorHoverWidget-background': '#f8f8f8',
    'editorHoverWidget-border': '#c8c8c8',
    'button-secondaryBackground': '#e5e5e5',
    'font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
    'editor-font-family': '"Droid Sans Mono", monospace',
  },
  'vscode-high-contrast': {
    'editor-background': '#000000',
    foreground: '#ffffff',
    descriptionForeground: 'rgba(255, 255, 255, 0.7)',
    disabledForeground: '#a5a5a5',
    contrastBorder: '#6fc3df',
    'editorWidget-border': '#6fc3df',
    'charts-red': '#f48771',
    'charts-blue': '#3794ff',
    'charts-yellow': '#ffd700',
    'charts-orange': '#ff8c00',
    'charts-green': '#89d185',
    'charts-purple': '#b180d7',
    'terminal-ansiCyan': '#00ffff',
    'terminal-ansiMagenta': '#ff00ff',
    errorForeground: '#f48771',
    'textLink-foreground': '#21a6ff',
    'editorHoverWidget-background': '#0c141f',
    'editorHoverWidget-border': '#6fc3df',
    'button-secondaryBackground': '#000000',
    'font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
    'editor-font-family': '"Droid Sans Mono", monospace',
  },
};

/** A stylesheet defining --vscode-* per body theme class. */
export function themeCss(): string {
  return Object.entries(THEMES)
    .map(
      ([cls, vars]) =>
        `body.${cls} {${Object.entries(vars)
          .map(([k, v]) => `--vscode-${k}: ${v};`)
          .join(' ')}}`,
    )
    .join('\n');
}
