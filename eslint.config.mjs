import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/only-throw-error': 'error',
      'no-restricted-imports': 'off',
      eqeqeq: ['error', 'always'],
      // Command handlers are async by contract; many are synchronous inside.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['src/core/**', 'src/shared/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'The engine never imports electron (DESIGN.md).' }] }],
    },
  },
  {
    // Processes are signalled only through the primitives in src/core/process (signalChild, signalGroup, signalPid): they refuse pid 0, init and Zervigo itself.
    files: ['src/**'],
    ignores: ['src/core/process/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'kill',
          message: 'Signal through signalChild/signalGroup/signalPid (src/core/process), which never signal pid 0, init or Zervigo.',
        },
      ],
    },
  },
  {
    files: ['src/renderer/**'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Plain CommonJS launchers (bin/, scripts/) run before anything is built; plugins ship as CommonJS packages.
    files: ['bin/**/*.js', 'scripts/**/*.js', 'plugins/**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
