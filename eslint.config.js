// ESLint for the whole repository, type-aware: typescript-eslint's project service finds each file's project through
// tsconfig.json's references (node: electron, shared, test, scripts; web: renderer, shared).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'release/', 'coverage/', 'test-results/', 'playwright-report/', '.scratch/', '.profile-dev/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A rejected promise nobody handles is an unhandled rejection (and a spinner that never stops in the UI).
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // Passing on a caught error unchanged is right; wrapping it would lose its type (AppError, TopError).
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // Handlers implement an async contract; `async` without `await` keeps "throw" a rejection, which callers expect.
      '@typescript-eslint/require-await': 'off',
      // `TemplateType | number` documents the known values of a field that accepts others from the wire.
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      // Control characters are matched on purpose: CSV/XLSX export sanitising, terminal output, binary sniffing.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // Component props declare callbacks in method shorthand (`onBack(): void`); destructuring them is the React idiom
      // and none of them uses `this`.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // Tests read loosely typed JSON (HTTP bodies, reports, simulator state) and assert on it; `any` is the honest type there.
    files: ['test/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    // Plain JS entry points and scripts are outside the TypeScript projects.
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
);
