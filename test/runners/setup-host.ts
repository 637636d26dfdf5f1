// First step of `npm test`: make sure what the tests need is on this machine before any of them
// runs (ffmpeg for the API emulator, Chromium and code-server for the integration host).
import { resolve } from 'node:path';
import { ensureCodeServer, ensureDebianPackages, HostSetupError } from './host-install';

try {
  ensureDebianPackages();
  ensureCodeServer(resolve(__dirname, '..', '..', '..'));
} catch (err) {
  process.stderr.write(`\n${err instanceof HostSetupError ? err.message : err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
}
