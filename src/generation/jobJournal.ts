// Nothing paid is forgotten: every generation is written down when it starts and crossed out when
// it ends. A job still written down at the next start, whose window stopped beating, was cut off
// (window reload, crash, shutdown) after the request may have been billed: the user is told, with
// its parameters ready to run again. One small JSON file per job, never the API key.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const entrySchema = z.object({
  version: z.literal(1),
  id: z.string(),
  request: z.object({ model: z.string(), prompt: z.string(), quality: z.string(), duration: z.number(), ratio: z.string() }),
  /** Origin of the API (never a key or a query string). */
  apiOrigin: z.string(),
  outputDir: z.string(),
  startedAt: z.string(),
  /** Refreshed while the job runs, so another window does not take a live job for a dead one. */
  heartbeatAt: z.string(),
  phase: z.string(),
  /** Set when this window cut the job off itself (reload, shutdown, the extension stopping): the
   * job is known to be dead, so it is reported without waiting for its heartbeat to go stale. */
  interruptedAt: z.string().optional(),
  /** The provider's usage read before the request was sent (see billingCheck.ts), to tell after a
   * reload whether the cut-off generation was billed. */
  usageBefore: z.object({ available: z.boolean(), raw: z.unknown().optional(), readAt: z.string().optional() }).optional(),
  /** Its estimated cost in USD, when the model list gave a price. */
  estimatedUsd: z.number().optional(),
  /** What the provider's usage said about it, once asked. */
  billing: z.object({ verdict: z.enum(['billed', 'not_billed', 'cannot_tell']), reason: z.string() }).optional(),
});

export type JournalEntry = z.infer<typeof entrySchema>;

/** A job is presumed dead when its window has not beaten for this long. */
export const STALE_AFTER_MS = 45_000;
export const HEARTBEAT_MS = 10_000;

export class JobJournal {
  constructor(private readonly dir: string) {}

  private file(id: string): string {
    return join(this.dir, `${id.replace(/[^a-zA-Z0-9-]/g, '')}.json`);
  }

  private async write(entry: JournalEntry): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    const target = this.file(entry.id);
    const temp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
    await fs.writeFile(temp, JSON.stringify(entry), { mode: 0o600 });
    await fs.rename(temp, target);
  }

  async started(entry: Omit<JournalEntry, 'version' | 'heartbeatAt' | 'phase'>): Promise<void> {
    await this.write({ ...entry, version: 1, heartbeatAt: new Date().toISOString(), phase: 'connecting' });
  }

  async beat(id: string, phase: string): Promise<void> {
    const entry = await this.read(id);
    if (entry) await this.write({ ...entry, heartbeatAt: new Date().toISOString(), phase });
  }

  /** The window is going away while the job runs: keep it written down, marked as cut off. */
  async interruptedByShutdown(id: string, phase: string): Promise<void> {
    const entry = await this.read(id);
    if (entry) await this.write({ ...entry, phase, interruptedAt: new Date().toISOString() });
  }

  /** Writes down what the provider's usage says about a cut-off job. */
  async recordBilling(id: string, billing: NonNullable<JournalEntry['billing']>): Promise<void> {
    const entry = await this.read(id);
    if (entry) await this.write({ ...entry, billing });
  }

  /** The job ended (saved, failed with a known outcome, or cancelled): cross it out. */
  async finished(id: string): Promise<void> {
    await fs.rm(this.file(id), { force: true });
  }

  private async read(id: string): Promise<JournalEntry | undefined> {
    try {
      const parsed = entrySchema.safeParse(JSON.parse(await fs.readFile(this.file(id), 'utf8')));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  /** Jobs that were cut off: marked so at shutdown, or written down and silent for longer than STALE_AFTER_MS. */
  async interrupted(now = Date.now()): Promise<JournalEntry[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return [];
    }
    const entries: JournalEntry[] = [];
    for (const name of names) {
      if (!name.endsWith('.json')) continue;
      const entry = await this.read(name.slice(0, -5));
      if (entry && (entry.interruptedAt !== undefined || now - Date.parse(entry.heartbeatAt) > STALE_AFTER_MS)) entries.push(entry);
    }
    return entries.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }
}
