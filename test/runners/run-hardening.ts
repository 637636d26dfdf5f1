// `npm run test:hardening`: the hardening suites against the development tree.
import { join } from 'node:path';
import { PROJECT_ROOT, exitWith, runSuitesInCodeServer } from './integration-host';

exitWith(
  runSuitesInCodeServer({
    label: 'hardening tests',
    extensionDevelopmentPath: PROJECT_ROOT,
    extensionTestsPath: join(PROJECT_ROOT, 'out', 'test', 'integration', 'hardening', 'index.js'),
  }),
);
