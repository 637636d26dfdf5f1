// A small loopback HTTP service that lets suites running inside the extension host use Playwright
// on the page that hosts the workbench: look inside a webview's frame (its DOM, its <video>),
// click there or in the workbench, press keys, and take screenshots. Only the harness starts it,
// only for a test run.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';

export interface TestDriver {
  url: string;
  close(): Promise<void>;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** Webview content lives in a nested iframe (`fake.html`) inside VS Code's webview host frame. */
async function findWebviewFrame(page: Page, marker: string): Promise<Frame | undefined> {
  // Usually `fake.html`; after a webview moves or is restored its frame may be named otherwise, so
  // any child frame holding the marker will do.
  const frames = page.frames().filter((f) => f !== page.mainFrame());
  frames.sort((a, b) => Number(b.url().includes('fake.html')) - Number(a.url().includes('fake.html')));
  for (const frame of frames) {
    try {
      if (await frame.evaluate((sel) => document.querySelector(sel) !== null, marker)) return frame;
    } catch {
      // a frame that is navigating away
    }
  }
  return undefined;
}

export async function startTestDriver(getPage: () => Page | undefined, resultsDir: string): Promise<TestDriver> {
  const token = randomBytes(16).toString('hex');
  const server = createServer(async (req, res) => {
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    try {
      if (req.method !== 'POST' || !req.url?.startsWith(`/${token}/`)) return reply(404, { error: 'not found' });
      const page = getPage();
      if (!page) return reply(503, { error: 'no page yet' });
      const action = req.url.slice(token.length + 2);
      const body = await readJson(req);
      if (action === 'screenshot') {
        const name = String(body.name ?? 'screenshot').replace(/[^a-zA-Z0-9_.-]/g, '_');
        const dir = join(resultsDir, 'screenshots');
        mkdirSync(dir, { recursive: true });
        const path = join(dir, `${name}.png`);
        // `selector`: only that element (a view, a part of the workbench) rather than the whole page.
        if (body.selector !== undefined) await page.locator(String(body.selector)).first().screenshot({ path });
        else await page.screenshot({ path });
        return reply(200, { path });
      }
      if (action === 'webview-eval' || action === 'webview-click') {
        const marker = String(body.marker ?? 'body');
        const timeoutMs = Number(body.timeoutMs ?? 10_000);
        const deadline = Date.now() + timeoutMs;
        let frame: Frame | undefined;
        while (!frame && Date.now() < deadline) {
          frame = await findWebviewFrame(page, marker);
          if (!frame) await new Promise((r) => setTimeout(r, 200));
        }
        if (!frame) return reply(404, { error: `no webview frame contains ${marker}` });
        if (action === 'webview-click') {
          // A real mouse click (trusted events, focus moves into the frame), as a user makes it.
          await frame.click(String(body.selector), { timeout: Math.max(0, deadline - Date.now()) });
          return reply(200, {});
        }
        // `script` is the body of a function run in the webview frame; it may be async.
        const result: unknown = await frame.evaluate(`(async () => { ${String(body.script)} })()`);
        return reply(200, { result });
      }
      if (action === 'workbench-click') {
        await page.click(String(body.selector), { timeout: Number(body.timeoutMs ?? 10_000) });
        return reply(200, {});
      }
      if (action === 'workbench-eval') {
        // `script` is the body of a function run in the workbench page itself (trees, notifications).
        const result: unknown = await page.evaluate(`(async () => { ${String(body.script)} })()`);
        return reply(200, { result });
      }
      if (action === 'press') {
        await page.keyboard.press(String(body.key));
        return reply(200, {});
      }
      if (action === 'type') {
        await page.keyboard.type(String(body.text));
        return reply(200, {});
      }
      return reply(404, { error: `unknown action ${action}` });
    } catch (err) {
      reply(500, { error: err instanceof Error ? err.message : String(err) });
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/${token}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
