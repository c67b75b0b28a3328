// ESLint flat config. Three rules carry the architecture: no `any`; the core/protocol stay free
// of `vscode` and of DOM-only code so they run in node, a worker and the browser; and the rest of
// the code reaches the core only through its entry points.
import tseslint from 'typescript-eslint';

const vscodeFree = {
  'no-restricted-imports': [
    'error',
    {
      paths: [{ name: 'vscode', message: 'src/core and src/protocol must not import vscode (see src/core/README.md).' }],
      patterns: [
        { group: ['**/extension/**', '**/webview/**'], message: 'core/protocol must not depend on the extension host or the webview.' },
      ],
    },
  ],
  'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'HTMLElement', 'acquireVsCodeApi'],
};

// Outside src/core, the core is imported only through its entry points: `core/<area>` (its
// index.ts), `core/<area>/node` (the NODE ONLY part of source, trace and oracle, kept out of the
// index so a browser bundle never pulls node:fs), and `core/source/detect`, `core/source/patch`.
// Anything deeper is the core's own business and may move. Tests (test/**) are exempt: they test
// internals on purpose.
const coreEntryPattern = {
  regex: '^(\\.\\./)+(src/)?core/(?!([A-Za-z]+|[A-Za-z]+/node|source/detect|source/patch)$)',
  message:
    'import the core through its entry points: core/<area> (index.ts), core/<area>/node (Node-only), core/source/detect, core/source/patch (eslint.config.mjs).',
};
const coreThroughEntries = { 'no-restricted-imports': ['error', { patterns: [coreEntryPattern] }] };
// The webview is a browser bundle: not even the core's Node-only entries.
const webviewImports = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        coreEntryPattern,
        { regex: '(^|/)core/[A-Za-z]+/node$', message: 'the webview runs in a browser: no Node-only core entry.' },
        { regex: '^node:', message: 'the webview runs in a browser: no Node modules.' },
      ],
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'out/**', 'test/fixtures/**', '.artifacts/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['src/core/**/*.ts', 'src/protocol/**/*.ts'], rules: vscodeFree },
  {
    files: ['src/extension/**/*.ts', 'src/cli/**/*.ts', 'bench/**/*.ts', 'oracle/driver/**/*.ts'],
    rules: coreThroughEntries,
  },
  { files: ['src/webview/**/*.ts'], rules: webviewImports },
);
