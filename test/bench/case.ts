// One benchmark case, run in a fresh child process so its memory figures are its own:
//   node case.js <streaming|naive|raw> <sizeMB> <baseUrl> <apiKey> <outDir> [caBundle]
// Prints one JSON line: { wallMs, cpuMs, peakRssGrowthMB, maxEventLoopStallMs, bytes } (cpuMs: user +
// system time of this process, which a loaded machine inflates far less than the wall time).
// The streaming case goes through the extension's own dispatcher, as a generation does (proxy
// routing, the certificate check, the system certificates: with `caBundle`, the test CA's bundle
// read as the system store); raw and naive through a plain undici Agent that trusts the same CA.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { Agent, request } from 'undici';
import { generateVideo } from '../../src/api/client';

type Pipeline = 'streaming' | 'naive' | 'raw';

async function main(): Promise<void> {
  const [pipeline, sizeText, baseUrl, apiKey, outDir, caBundle] = process.argv.slice(2) as [
    Pipeline,
    string,
    string,
    string,
    string,
    string | undefined,
  ];
  const sizeMB = Number(sizeText);
  const body = {
    model: 'provider-2/kling-v2.1',
    prompt: `benchmark clip [[emulator:large sizeMB=${sizeMB}]]`,
    quality: '720p',
    duration: 2,
    ratio: '16:9',
  };
  const url = `${baseUrl}/video/generations`;
  const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
  const ca = caBundle ? [...rootCertificates, readFileSync(caBundle, 'utf8')] : undefined;
  const dispatcher = new Agent({ headersTimeout: 600_000, bodyTimeout: 600_000, ...(ca ? { connect: { ca } } : {}) });

  global.gc?.();
  const rssStart = process.memoryUsage().rss;
  let rssPeak = rssStart;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }, 5);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  let bytes = 0;

  if (pipeline === 'raw') {
    // The limit: the same body over the same loopback, read and thrown away.
    const res = await request(url, { method: 'POST', headers, body: JSON.stringify(body), dispatcher });
    for await (const chunk of res.body) bytes += (chunk as Buffer).length;
  } else if (pipeline === 'naive') {
    // What most code does: the whole JSON in memory, then the whole video in memory.
    const res = await request(url, { method: 'POST', headers, body: JSON.stringify(body), dispatcher });
    const json = (await res.body.json()) as { data: Array<{ b64_json: string }> };
    const video = Buffer.from(json.data[0]!.b64_json, 'base64');
    await writeFile(join(outDir, 'naive.mp4'), video);
    bytes = video.length;
  } else {
    const result = await generateVideo({
      baseUrl,
      apiKey,
      request: body,
      destinationFor: () => join(outDir, 'streaming.mp4'),
      connection: { timeoutMs: 600_000, ignoreEnvProxy: true, ...(caBundle ? { caBundlePaths: [caBundle] } : {}) },
      retries: 0,
    });
    bytes = result.items[0]!.bytes;
  }

  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);
  loop.disable();
  clearInterval(sampler);
  const maxRss = process.resourceUsage().maxRSS * 1024;
  rssPeak = Math.max(rssPeak, maxRss, process.memoryUsage().rss);
  await dispatcher.close();
  process.stdout.write(
    JSON.stringify({
      wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      peakRssGrowthMB: (rssPeak - rssStart) / (1024 * 1024),
      maxEventLoopStallMs: loop.max / 1e6,
      bytes,
    }) + '\n',
  );
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
