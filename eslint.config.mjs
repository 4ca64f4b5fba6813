// Lint for every project: typescript-eslint recommended rules plus Nx module boundaries.
// Tags: scope:base (shared-errors, imports nothing of ours), type:lib, type:test, type:app.
// The console (apps/console, React) adds the rules of hooks for its .ts and .tsx files.
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/*.js', '**/*.mjs', '**/test-output/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [{ group: ['@aigw/*/*'], message: 'Import a project only through its root entry.' }] }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:base', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['scope:base', 'type:lib'] },
            { sourceTag: 'type:test', onlyDependOnLibsWithTags: ['scope:base', 'type:lib'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['scope:base', 'type:lib', 'type:test', 'type:app'] },
          ],
        },
      ],
    },
  },
  {
    // Tests of a library may use the test helpers (fake upstream, sample answers); its code may not.
    files: ['libs/**/*.spec.ts', 'libs/**/test/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:base', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['scope:base', 'type:lib', 'type:test'] },
            { sourceTag: 'type:test', onlyDependOnLibsWithTags: ['scope:base', 'type:lib'] },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/console/**/*.ts', 'apps/console/**/*.tsx'],
    ...reactHooks.configs.flat['recommended-latest'],
  },
);
