// `npm run test:hardening`: load and other long or machine-sensitive suites, run inside VS Code
// like the integration suites but kept out of `npm test` (their figures depend on a quiet machine).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(format(...args));
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    timeout: 300_000,
    grep: process.env.VIDEO_GEN_TEST_GREP || undefined,
  });
  for (const file of readdirSync(__dirname).sort()) if (file.endsWith('.test.js')) mocha.addFile(join(__dirname, file));
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} hardening test(s) failed`);
}
