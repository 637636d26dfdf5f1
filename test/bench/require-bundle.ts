// `node out/test/bench/require-bundle.js <bundle.js>`: prints how long `require` of an extension
// bundle takes in plain Node, in milliseconds, with `vscode` stubbed (nothing of it runs at load).
import Module from 'node:module';

const stub: unknown = new Proxy(function () {}, {
  get: (_target, key) => (key === Symbol.toPrimitive ? () => '' : stub),
  apply: () => stub,
  construct: () => stub as object,
});
const loader = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
const load = loader._load;
loader._load = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? stub : load.call(this, request, ...rest);
};

const started = process.hrtime.bigint();
// eslint-disable-next-line @typescript-eslint/no-require-imports
require(process.argv[2]!);
process.stdout.write(`${Number(process.hrtime.bigint() - started) / 1e6}\n`);
