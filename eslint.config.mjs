// Flat config. Beyond the recommended sets it guards the layers and the process boundaries:
// SQL only in db/; only the Electron shell imports `electron`; the renderer never imports db/, core/ or Node built-ins.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';
import prettier from 'eslint-config-prettier';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

// SQL and connections live in db/ only (docs/DEVELOPING.md): outside db/ no module reaches better-sqlite3,
// prepares a statement or runs a pragma; it calls a function of db/ (bench/ too). Tests may assert with SQL.
const SQL_ONLY_IN_DB =
  '只有 db/ 可以写 SQL、打开连接：请在 db/（db/queries/、db/maintenance.ts、db/store.ts）中加一个函数并调用它。';
const sqlOutsideDb = [
  { selector: "ImportDeclaration[source.value='better-sqlite3']", message: SQL_ONLY_IN_DB },
  { selector: "ImportExpression[source.value='better-sqlite3']", message: SQL_ONLY_IN_DB },
  { selector: "TSImportType[argument.literal.value='better-sqlite3']", message: SQL_ONLY_IN_DB },
  { selector: "CallExpression[callee.name='require'][arguments.0.value='better-sqlite3']", message: SQL_ONLY_IN_DB },
  {
    selector: "CallExpression[callee.type='MemberExpression'][callee.property.name=/^(prepare|pragma)$/]",
    message: SQL_ONLY_IN_DB,
  },
  // exec/backup/… are common names (RegExp#exec): forbidden on a receiver named db (db.exec, ctx.db.backup).
  {
    selector:
      "CallExpression[callee.property.name=/^(exec|backup|serialize|function|aggregate|table|loadExtension)$/]:matches([callee.object.name='db'], [callee.object.property.name='db'])",
    message: SQL_ONLY_IN_DB,
  },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'dist-electron/**',
      'renderer/dist/**',
      'demo-output/**',
      'bench/out/**',
      'coverage/**',
      '**/*.js',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: '只有 electron/main.ts 和 electron/preload.ts 可以引用 electron。' }] },
      ],
    },
  },
  {
    ignores: ['db/**', 'test/**'],
    rules: { 'no-restricted-syntax': ['error', ...sqlOutsideDb] },
  },
  {
    files: ['electron/main.ts', 'electron/preload.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['test/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/vite.config.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: '界面不能引用 electron：通过 window.caseflow 调用。' },
            ...nodeBuiltins.map((name) => ({ name, message: '界面代码不能引用 Node 内置模块。' })),
          ],
          // db/ and core/ are out of bounds, except core/shared/ (pure code both sides use, e.g. name masking).
          patterns: [
            { regex: '(^|/)(db|core)(/(?!shared/)|$)', message: '界面不能引用 db/ 或 core/：所有数据都经处理器获取。' },
          ],
        },
      ],
    },
  },
  // Formatting is Prettier's (`npm run lint` checks it); turn off the stylistic rules that would disagree.
  prettier,
);
