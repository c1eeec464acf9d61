// Lint rules that keep the shape of the code: import order and duplicates,
// type-only imports, hooks, and the one-way import direction between layers
// (pure libraries → nothing of the app; db → no app/realtime; realtime → no app).
import importX from 'eslint-plugin-import-x'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

const appLayers = {
  app: ['#app/*', '**/app/**', '!**/node_modules/**'],
  db: ['#db/*', '**/db/**'],
  realtime: ['#realtime/*', '**/realtime/**'],
}
const forbid = (message, ...groups) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: groups.flat(), message }] }],
})

export default tseslint.config(
  { ignores: ['build/**', 'public/build/**', '.cache/**', 'data/**', 'node_modules/**', 'db/migrations/**', 'coverage/**'] },
  {
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { '@typescript-eslint': tseslint.plugin, 'import-x': importX, 'react-hooks': reactHooks },
    rules: {
      'import-x/order': [
        'error',
        {
          groups: ['builtin', 'external', 'internal', ['parent', 'sibling', 'index']],
          pathGroups: [{ pattern: '#*/**', group: 'internal' }],
          pathGroupsExcludedImportTypes: ['builtin'],
          alphabetize: { order: 'asc', caseInsensitive: true },
          'newlines-between': 'ignore',
        },
      ],
      'import-x/no-duplicates': ['error', { 'prefer-inline': true }],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'react-hooks/rules-of-hooks': 'error',
      'no-debugger': 'error',
    },
  },
  {
    files: ['nlp/**', 'panel/**', 'meetings/**'],
    rules: forbid(
      'Pure libraries (nlp, panel, meetings) import nothing of the app, the database, the transport or the UI framework.',
      appLayers.app,
      appLayers.db,
      appLayers.realtime,
      ['@remix-run/*', 'react', 'react-dom', 'socket.io', 'drizzle-orm', 'better-sqlite3'],
    ),
  },
  { files: ['db/**'], rules: forbid('The database layer does not import the app or the realtime transport.', appLayers.app, appLayers.realtime) },
  { files: ['realtime/**'], rules: forbid('The realtime transport does not import the app: server.ts injects what it needs.', appLayers.app) },
)
