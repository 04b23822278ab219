// Lint enforces the import arrows of docs/architecture.md:
//   web ──type-only──▶ server ──▶ domain ◀── cli ──▶ server
// domain is pure: it imports nothing from server, web or cli, and no Node I/O module.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeIo = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'net', 'node:net', 'http', 'node:http',
  'child_process', 'node:child_process', 'worker_threads', 'node:worker_threads', 'os', 'node:os',
  'path', 'node:path', 'process', 'node:process', 'pg', '@electric-sql/pglite', 'drizzle-orm'];

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', 'coverage', 'scratch', 'web/dist', '**/*.js', '**/*.mjs', 'scripts/*.py'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Fastify handlers and hooks are async by contract, with or without an await inside.
      '@typescript-eslint/require-await': 'off',
      eqeqeq: ['error', 'always'],
      'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name='Math'][property.name='random']", message: 'Use a seeded generator or node:crypto; never Math.random.' }],
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeIo,
        patterns: [{ group: ['**/server/**', '**/web/**', '**/cli/**'], message: 'domain/ is pure: it imports nothing from server, web or cli.' }],
      }],
      'no-restricted-globals': ['error', { name: 'Date', message: 'domain/ has no clock: pass dates in.' }, { name: 'fetch', message: 'domain/ does no I/O.' }],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/web/**', '**/cli/**'], message: 'server/ must not import web/ or cli/.' }] }],
    },
  },
  {
    files: ['web/**/*.ts', 'web/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/server/**'], allowTypeImports: true, message: 'web/ imports only types from server/.' },
          { group: ['**/cli/**'], message: 'web/ must not import cli/.' },
        ],
        paths: nodeIo.map((name) => ({ name, message: 'web/ runs in the browser.' })),
      }],
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'e2e/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-globals': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
