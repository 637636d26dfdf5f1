// `npm run test:integration`: the integration suites against the development tree.
import { join } from 'node:path';
import { PROJECT_ROOT, exitWith, runSuitesInCodeServer } from './integration-host';

exitWith(
  runSuitesInCodeServer({
    label: 'integration tests',
    extensionDevelopmentPath: PROJECT_ROOT,
    extensionTestsPath: join(PROJECT_ROOT, 'out', 'test', 'integration', 'index.js'),
    seedBillingJobs: true,
    // The connection suite's servers whose CA only the system store holds.
    privateTrustStore: true,
  }),
);
