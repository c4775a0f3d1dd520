// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

// The sandbox's layers (dev/sandbox/README.md, "Files"): a file may import its own layer or those
// below, never one above, so the store stays free of HTTP and no import cycle can form.
const SANDBOX_LAYERS = [
  ['shared', ['constants', 'types', 'util', 'prng', 'seed-data']],
  ['state', ['store', 'auth', 'rate-limit', 'faults']],
  ['behaviour', ['behaviour', 'validation', 'user-json', 'webhook-events', 'webhook-settings']],
  ['HTTP', ['http-util', 'context', 'routes-*', 'webhooks', 'server', 'cli']],
];
const sandboxLayerRules = SANDBOX_LAYERS.slice(0, -1).map(([layer, files], i) => ({
  files: files.map((f) => `dev/sandbox/${f}.ts`),
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: SANDBOX_LAYERS.slice(i + 1).flatMap(([, above]) => above.map((f) => `./${f}`)),
            message: `The sandbox's ${layer} layer must not import a layer above it.`,
          },
        ],
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['node_modules/**', 'build/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // The two CommonJS config files jest loads directly.
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', __filename: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // Layers point one way (operations → lib, the sandbox's routes → behaviour → store): an import
    // cycle anywhere in the app, dev/ or the tests fails the lint.
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  ...sandboxLayerRules,
);
