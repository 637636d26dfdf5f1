// `npm run test:reload`: the Video Gen Player restored by VS Code after a real window reload.
import { join } from 'node:path';
import { PROJECT_ROOT, exitWith, runSuitesInCodeServer } from './integration-host';

exitWith(
  runSuitesInCodeServer({
    label: 'window reload test',
    extensionDevelopmentPath: PROJECT_ROOT,
    extensionTestsPath: join(PROJECT_ROOT, 'out', 'test', 'integration', 'reload', 'index.js'),
  }),
);
