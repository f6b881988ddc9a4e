import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// The layer rules of ARCHITECTURE.md, enforced: connectors never reach into the app, the engine never
// touches Electron, the renderer only speaks the contract.
const restrict = (patterns) => ['error', { patterns }];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'renderer/dist/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['connectors/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['**/main/**', '**/renderer/**', '**/preload/**'], message: 'connectors import only connectors/kit and libraries' },
        { group: ['electron'], message: 'connectors never import electron' },
        { group: ['better-sqlite3'], message: 'only main/store imports better-sqlite3 (and the Sage 100 agent\'s sqlite fallback)' },
      ]),
    },
  },
  {
    // The one exception: the Sage 100 agent's demo fallback runs the agent's SQL over better-sqlite3
    // where unixODBC is not installed (connectors/sage100/agent/sqlite-connection.ts says why).
    files: ['connectors/sage100/agent/sqlite-connection.ts'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['**/main/**', '**/renderer/**', '**/preload/**'], message: 'connectors import only connectors/kit and libraries' },
        { group: ['electron'], message: 'connectors never import electron' },
      ]),
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['electron', 'electron/*'], message: 'only main/electron imports electron' },
        { group: ['**/renderer/**'], message: 'main never imports the renderer' },
      ]),
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/store/**', 'main/electron/**'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['better-sqlite3'], message: 'only main/store imports better-sqlite3' },
        { group: ['electron', 'electron/*'], message: 'only main/electron imports electron' },
        { group: ['**/renderer/**'], message: 'main never imports the renderer' },
      ]),
    },
  },
  {
    // The engine stands alone (issue #12): the service depends on the engine (EnginePort), never the
    // reverse. Repeats main's patterns because a later block's patterns replace an earlier block's.
    files: ['main/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['**/service/*', '**/service'], message: 'main/engine never imports main/service: take what you need from EngineContext (main/engine/context.ts) and report through its events; the service maps rows to views and errors' },
        { group: ['better-sqlite3'], message: 'only main/store imports better-sqlite3' },
        { group: ['electron', 'electron/*'], message: 'only main/electron imports electron' },
        { group: ['**/renderer/**'], message: 'main never imports the renderer' },
      ]),
    },
  },
  {
    // Mapping is pure: records in, records out. No store, service, connector, vault or engine plumbing.
    files: ['main/engine/mapping/**/*.ts'],
    ignores: ['main/engine/mapping/**/*.test.ts'],
    rules: {
      'no-restricted-imports': restrict([
        { regex: '^\\.\\./(?!\\.\\./\\.\\./preload/contract/)', message: 'main/engine/mapping is pure: it imports only its own modules, preload/contract types and libraries' },
        { group: ['better-sqlite3', 'electron', 'electron/*', 'undici'], message: 'main/engine/mapping is pure: no I/O' },
      ]),
    },
  },
  {
    files: ['main/electron/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['better-sqlite3'], message: 'only main/store imports better-sqlite3' },
        { group: ['**/renderer/**'], message: 'main never imports the renderer' },
      ]),
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': restrict([
        {
          group: ['node:*', '**/main/**', '**/connectors/**', '!**/connectors/systems.ts', 'electron'],
          message: 'the renderer imports only preload/contract, connectors/systems.ts (the dependency-free system list) and its own code',
        },
      ]),
    },
  },
  {
    files: ['preload/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        {
          group: ['node:*', 'electron', '**/main/**', '**/connectors/**', '!**/connectors/systems.ts'],
          message: 'the contract is shared with the renderer: zod and connectors/systems.ts (the dependency-free system list) only',
        },
      ]),
    },
  },
  {
    // A second rule name so this adds to the blocks above instead of replacing their patterns.
    // Tests may drive one connector's sandbox; the Sage 100 agent is a separate program the CLI hosts.
    files: ['main/**/*.ts'],
    ignores: ['main/**/*.test.ts', 'main/cli/sage100-agent.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict([
        { group: ['**/connectors/*/**', '!**/connectors/kit/**'], message: 'main reaches a connector only through connectors/index.ts (its manifest and capabilities) and connectors/kit' },
      ]),
    },
  },
  {
    files: ['preload/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['**/main/**', '**/connectors/**', '**/renderer/**'], message: 'the preload imports only electron and preload/contract' },
      ]),
    },
  },
);
