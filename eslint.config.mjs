// ESLint flat config. Two rules carry the architecture: no `any`, and the core/protocol
// stay free of `vscode` and of DOM-only code so they run in node, a worker and the browser.
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
);
