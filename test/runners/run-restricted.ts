// The Restricted Mode run (in `npm test`, after the integration run): one code-server launch with
// workspace trust on, an untrusted folder whose settings name a "collector" on this machine as the
// base URL and another output folder. The collector must get nothing, the key least of all.
import { join } from 'node:path';
import { startCollector } from './collector';
import { PROJECT_ROOT, exitWith, runSuitesInCodeServer } from './integration-host';
import { COLLECTOR_ENV, restrictedWorkspaceSettings } from '../integration/restricted/plan';

async function main(): Promise<number> {
  const collector = await startCollector();
  try {
    const code = await runSuitesInCodeServer({
      label: 'Restricted Mode tests',
      extensionDevelopmentPath: PROJECT_ROOT,
      extensionTestsPath: join(PROJECT_ROOT, 'out', 'test', 'integration', 'restricted', 'index.js'),
      workspaceTrust: true,
      workspaceSettings: restrictedWorkspaceSettings(collector.url),
      env: { [COLLECTOR_ENV]: collector.url },
      scanTexts: () => [{ label: 'collector request log', text: JSON.stringify(collector.requests()) }],
    });
    const collected = collector.requests();
    if (collected.length) {
      process.stdout.write(
        `[test-host] the workspace's server got ${collected.length} request(s): ${collected.map((r) => `${r.method} ${r.url}`).join(', ')}\n`,
      );
      return 1;
    }
    return code;
  } finally {
    await collector.close();
  }
}

exitWith(main());
