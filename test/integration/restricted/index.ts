// Entry point of the Restricted Mode run (test/runners/run-restricted.ts): the folder opens
// untrusted, with workspace settings a cloned repository could hold.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createHostMocha, runHostMocha } from '../hostMocha';

export async function run(): Promise<void> {
  const mocha = createHostMocha();
  for (const file of readdirSync(__dirname).sort()) if (file.endsWith('.test.js')) mocha.addFile(join(__dirname, file));
  await runHostMocha(mocha, 'Restricted Mode test(s)');
}
