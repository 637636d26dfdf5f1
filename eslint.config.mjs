import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NO_VSCODE = { name: 'vscode', message: 'Core modules must not import vscode.' };
const UI_FOLDERS = {
  regex: '^(\\.\\./)+(ui|panel|views|commands|tools|webview)(/|$)',
  message:
    'The core must not import the VS Code-facing folders (ui, panel, views, commands, tools, webview); move shared code to src/shared/.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-restricted-imports': 'off',
    },
  },
  // One direction of imports. The core (api, catalog, output, media, generation) never imports the
  // VS Code-facing folders; the pure core never imports vscode either, so it runs in plain Node;
  // the page (webview) and what both sides share (shared) import only each other and the catalog.
  {
    files: ['src/generation/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [UI_FOLDERS] }],
    },
  },
  {
    files: [
      'src/api/**/*.ts',
      'src/catalog/**/*.ts',
      'src/output/**/*.ts',
      'src/media/**/*.ts',
      'src/util/**/*.ts',
      'src/storyboard/parseStoryboard.ts',
      'src/storyboard/storyboardCache.ts',
      'src/storyboard/shotIds.ts',
      'src/storyboard/draftPreset.ts',
      'src/storyboard/editorContext.ts',
      'src/storyboard/shotLenses.ts',
      'src/storyboard/shotTakes.ts',
      'src/storyboard/catalogLookups.ts',
      'src/storyboard/yamlCache.ts',
      'src/storyboard/shotPlan.ts',
      'src/config/settingsTable.ts',
      'src/config/baseUrlChoice.ts',
    ],
    rules: {
      'no-restricted-imports': ['error', { paths: [NO_VSCODE], patterns: [UI_FOLDERS] }],
    },
  },
  {
    // Pure parts of VS Code-facing folders, unit-tested in plain Node.
    files: [
      'src/panel/videoDetailsData.ts',
      'src/panel/compareFit.ts',
      'src/panel/comparePromote.ts',
      'src/views/usageRows.ts',
      'src/generation/usageSchedule.ts',
      'src/generation/generationQueue.ts',
      'src/views/historyGroups.ts',
      'src/views/markdownMarkup.ts',
    ],
    rules: {
      'no-restricted-imports': ['error', { paths: [NO_VSCODE] }],
    },
  },
  {
    files: ['src/webview/**/*.ts', 'src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [NO_VSCODE],
          patterns: [
            { regex: '^node:', message: 'The page runs in a browser: no Node modules.' },
            {
              // From a subfolder (webview/audio) the way out is `../../webview/` or `../../shared/`.
              regex: '^(\\.\\./)+(?!shared/|catalog/|webview/|\\.\\./)',
              message: 'The page and shared code import only shared/, webview/ and catalog/, never host code.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
  },
);
