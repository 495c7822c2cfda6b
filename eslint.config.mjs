// The lint set the test command runs next to tsc (issue 17, part 6). Deliberately small: only rules that
// hold the project's style and catch real bugs; formatting is prettier's job.
//   - promises: no floating promise, no promise where a void callback or a condition is expected
//     (type-aware: each file is checked with the tsconfig that owns it, server/ with server/tsconfig.json);
//   - import boundaries (docs/ARCHITECTURE.md): protocol/ → server/auth → server/steps → server/runners
//     → server/checks, server/ never imports app/ or components/, and no import cycles;
//   - size: functions over 60 lines warn; more than 5 parameters is an error (pass an object instead).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createNodeResolver } from 'eslint-plugin-import-x';

const root = path.dirname(fileURLToPath(import.meta.url));

/** A zone for import-x/no-restricted-paths: files under `target` may not import from `from` (but may from `except`, relative to the one `from`). */
const zone = (target, from, message, except) => ({
  target: `./${target}`,
  from: from.length === 1 ? `./${from[0]}` : from.map((f) => `./${f}`),
  message,
  ...(except ? { except: except.map((e) => `./${e}`) } : {}),
});

/** What builds on the runners: nothing under server/runners imports from these. */
const LAYERS_ABOVE_RUNNERS = [
  'server/checks',
  'server/runs',
  'server/socket',
  'server/http',
  'server/cli',
  'server/compose',
  'server/machine',
  'server/sync',
  'server/app-server.ts',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'out/**',
      '.onramp-build/**',
      '.next/**',
      'next-env.d.ts',
      'tests/fixtures/**',
      'lab/**',
      'export/**',
      'test-results/**',
      'playwright-report/**',
      'bench/results/**',
    ],
  },
  {
    files: ['**/*.{ts,tsx,mjs}'],
    languageOptions: {
      parser: tseslint.parser,
      ecmaVersion: 2023,
      sourceType: 'module',
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { '@typescript-eslint': tseslint.plugin, 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.tsx', '.mjs', '.js', '.json', '.node'],
          alias: { '@': [root] },
        }),
      ],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            zone(
              'protocol',
              ['server', 'app', 'components', 'lib'],
              'protocol/ is the shared contract: it imports nothing from server/, app/, components/ or lib/.',
            ),
            zone(
              'lib',
              ['server', 'app', 'components'],
              'lib/ is shared by the app and the server: it imports nothing from server/, app/ or components/.',
            ),
            zone(
              'server',
              ['app', 'components'],
              'server/ never imports app/ or components/ (browser code; see docs/ARCHITECTURE.md).',
            ),
            zone(
              'app',
              ['server'],
              'the browser app never imports server/ (Node code); share types through protocol/.',
            ),
            zone(
              'components',
              ['server'],
              'the browser app never imports server/ (Node code); share types through protocol/.',
            ),
            // the layering: auth and steps stand on protocol/ (and lib/) alone; runners never reach up
            zone(
              'server/auth',
              ['server'],
              'server/auth holds pure request decisions: it imports only protocol/ (layering in docs/ARCHITECTURE.md).',
              ['auth'],
            ),
            zone(
              'server/steps',
              ['server'],
              'server/steps sits on protocol/ and server/auth only (layering in docs/ARCHITECTURE.md).',
              ['steps', 'auth'],
            ),
            zone(
              'server/runners',
              LAYERS_ABOVE_RUNNERS,
              'server/runners sits below server/checks, the run store, the socket/http layer and the commands (layering in docs/ARCHITECTURE.md).',
            ),
          ],
        },
      ],
    },
  },
  {
    // Type-aware rules: TypeScript files only, each with the tsconfig that includes it.
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: root,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // Size limits for the product code (tests are long describe blocks by nature).
    files: ['app/**', 'components/**', 'lib/**', 'protocol/**', 'server/**', 'scripts/**', 'bin/**', 'bench/**'],
    rules: {
      'max-lines-per-function': ['warn', { max: 60, skipBlankLines: true, skipComments: true }],
      'max-params': ['error', 5],
    },
  },
  {
    // runWithDeadline takes 6 (check, runner, settings, platform, timeout, secret asker); its callers build them apart.
    files: ['server/checks/service.ts'],
    rules: { 'max-params': 'off' },
  },
);
