// Saving a generation's 200 answer, in four stages: stream the body (each `data[i].b64_json`
// decoded into a temporary file as it arrives), read the document, collect the items (check each
// entry; download the ones that come as a URL), commit them (move each file into place). The rule
// the stages keep: lose nothing the user paid for, leave nothing broken, never hold a video in memory.
import { Base64StreamDecoder, InvalidBase64Error } from './base64Decoder';
import { errorFromResponse, type ApiAnswer, type ApiConnection } from './apiRequest';
import type { GenerateVideoOptions } from './client';
import { downloadInto } from './downloadVideo';
import { errorFromAnswer } from './errorMapping';
import { BadResponseError, CancelledError, SaveFailedError, VideoGenError } from './errors';
import { createTurnTaker } from './eventLoop';
import { discardBody } from './http';
import { errorIn200, generationAnswer, type GenerationAnswer } from './responseSchema';
import { JsonSyntaxError, StreamingJsonParser, type JsonPath, type StringSink } from './streamingJson';
import { transportError } from './transportErrors';
import { VideoFileWriter, type SavedFile } from '../output/videoFileWriter';

export interface GeneratedItem extends SavedFile {
  index: number;
  revisedPrompt: string | null;
  source: 'b64_json' | 'url';
}

export interface SavedAnswer {
  created: number;
  items: GeneratedItem[];
  /** Entries of `data` that held no usable video, said in a sentence each (the others were saved). */
  skipped: string[];
}

/** What every stage needs: the call, its connection, and the answer's request id. */
interface SaveContext {
  conn: ApiConnection;
  options: GenerateVideoOptions;
  requestId?: string;
}

/** An item ready to be moved into place. */
interface PreparedItem {
  index: number;
  writer: VideoFileWriter;
  source: 'b64_json' | 'url';
  revisedPrompt: string | null;
}

/** How often (in bytes received) progress is reported. */
const PROGRESS_STEP = 256 * 1024;

/** Saves every item of a 200 answer; throws a VideoGenError when none could be saved. */
export async function saveAnswer(conn: ApiConnection, answer: ApiAnswer, options: GenerateVideoOptions): Promise<SavedAnswer> {
  // A proxy's HTML page with a 200 status: nothing to save, say what came.
  if (/html/i.test(answer.header('content-type') ?? '')) throw await errorFromResponse(conn, answer);
  const ctx: SaveContext = { conn, options, requestId: answer.requestId };
  const total = Number(answer.header('content-length')) || undefined;
  const files = new AnswerFiles(options.destinationFor);
  try {
    const parser = new StreamingJsonParser({ sinkFor: (path) => files.sinkFor(path) });
    const received = await streamBody(answer, parser, ctx, total);
    const document = await readDocument(parser, ctx);
    const checked = checkDocument(document, answer, ctx);
    options.onProgress?.({ phase: 'saving', receivedBytes: received, totalBytes: total });
    const { prepared, unusable } = await collectItems(checked, files, ctx);
    // A cancel that came while the answer was checked is still honoured: nothing is placed.
    if (options.signal?.aborted) throw new CancelledError();
    return { created: checked.created, items: await commitItems(prepared), skipped: unusable };
  } catch (err) {
    discardBody(answer.body);
    answer.discard();
    throw err instanceof VideoGenError ? err : bodyError(err, ctx);
  } finally {
    await files.discardAll();
  }
}

/** Stage 1: feeds the body to the parser; returns the bytes received. */
async function streamBody(answer: ApiAnswer, parser: StreamingJsonParser, ctx: SaveContext, total: number | undefined): Promise<number> {
  const { options } = ctx;
  let received = 0;
  let lastReport = 0;
  const takeTurn = createTurnTaker();
  // The answer has begun: the provider made its video (or is sending its error inside a 200).
  options.onProgress?.({ phase: 'receiving', receivedBytes: 0, totalBytes: total });
  try {
    for await (const chunk of answer.body) {
      const buf = chunk as Buffer;
      received += buf.length;
      await parser.write(buf);
      // Buffered chunks are handed over without waiting on I/O: take turns with the event loop
      // (and with other downloads) so the extension host never freezes.
      await takeTurn();
      if (received - lastReport >= PROGRESS_STEP) {
        lastReport = received;
        options.onProgress?.({ phase: 'receiving', receivedBytes: received, totalBytes: total });
      }
    }
  } catch (err) {
    // The whole answer had arrived when the connection failed or junk followed it (a proxy that
    // drops the connection instead of ending the chunked body): the paid video is complete.
    if (!parser.complete || options.signal?.aborted) throw bodyError(err, ctx);
    discardBody(answer.body);
  }
  return received;
}

/** Stage 2: the complete document (its video strings replaced by markers). */
async function readDocument(parser: StreamingJsonParser, ctx: SaveContext): Promise<unknown> {
  try {
    return await parser.end();
  } catch (err) {
    throw bodyError(err, ctx);
  }
}

/** Stage 2, continued: an error inside the 200, or a document not in the documented shape, fails here. */
function checkDocument(document: unknown, answer: ApiAnswer, ctx: SaveContext): GenerationAnswer {
  const { options, requestId } = ctx;
  if (errorIn200.safeParse(document).success) {
    throw errorFromAnswer({
      status: 200,
      contentType: answer.header('content-type') ?? '',
      bodyText: JSON.stringify(document),
      requestId,
      model: options.request.model,
      apiKey: options.apiKey,
      suggestModel: options.suggestModel,
    });
  }
  const parsed = generationAnswer.safeParse(document);
  if (!parsed.success) {
    throw new BadResponseError('The API answered 200 but not in the documented shape.', {
      status: 200,
      requestId,
      mayHaveBeenBilled: true,
    });
  }
  if (parsed.data.data.every((item) => item === null)) {
    throw new BadResponseError('The API answered without any video (empty "data").', { status: 200, requestId, mayHaveBeenBilled: true });
  }
  return parsed.data;
}

/**
 * Stage 3: the items that hold a video, ready to be placed. An entry without a usable video costs
 * only itself: the others are kept, and it is noted. With none usable, the first failure is thrown.
 */
async function collectItems(
  answer: GenerationAnswer,
  files: AnswerFiles,
  ctx: SaveContext,
): Promise<{ prepared: PreparedItem[]; unusable: string[] }> {
  const { options } = ctx;
  const prepared: PreparedItem[] = [];
  const unusable: string[] = [];
  let firstFailure: VideoGenError | undefined;
  for (const [index, item] of answer.data.entries()) {
    if (item === null) {
      unusable.push(`Video ${index + 1} in the answer is null.`);
      continue;
    }
    const revisedPrompt = item.revised_prompt ?? null;
    if (item.b64_json) {
      const writer = files.finished(index);
      if (writer) prepared.push({ index, writer, source: 'b64_json', revisedPrompt });
      else unusable.push(`Video ${index + 1} in the answer is empty.`);
    } else if (item.url) {
      options.onProgress?.({ phase: 'downloading' });
      const writer = await files.open(index);
      try {
        await downloadInto(item.url, writer, ctx.conn, ctx.requestId);
        prepared.push({ index, writer, source: 'url', revisedPrompt });
      } catch (err) {
        if (err instanceof CancelledError || options.signal?.aborted || !(err instanceof VideoGenError)) throw err;
        unusable.push(`Video ${index + 1} could not be downloaded: ${err.message}`);
        firstFailure ??= err;
      }
    } else {
      unusable.push(`Video ${index + 1} in the answer has neither data nor a URL.`);
    }
  }
  if (prepared.length === 0)
    throw firstFailure ?? new BadResponseError(unusable[0]!, { status: 200, requestId: ctx.requestId, mayHaveBeenBilled: true });
  return { prepared, unusable };
}

/**
 * Stage 4: everything is valid, so each file moves into place. Files already placed stay (they
 * are good videos the user paid for) even if a later one fails.
 */
async function commitItems(prepared: PreparedItem[]): Promise<GeneratedItem[]> {
  const items: GeneratedItem[] = [];
  for (const p of prepared) {
    const saved = await p.writer.commit();
    items.push({ ...saved, index: p.index, revisedPrompt: p.revisedPrompt, source: p.source });
  }
  return items;
}

/** The temporary files of one answer: opened as the videos arrive, all discarded at the end unless committed. */
class AnswerFiles {
  private readonly streamed = new Map<number, { writer?: VideoFileWriter; done: boolean }>();
  private readonly writers: VideoFileWriter[] = [];

  constructor(private readonly destinationFor: (index: number) => string) {}

  /** A sink for `data[i].b64_json`, decoding into item i's file; other strings are kept in the document. */
  sinkFor(path: JsonPath): StringSink | undefined {
    if (!(path.length === 3 && path[0] === 'data' && typeof path[1] === 'number' && path[2] === 'b64_json')) return undefined;
    const index = path[1];
    const item: { writer?: VideoFileWriter; done: boolean } = { done: false };
    // A repeated key: the first string counts; the files of later ones are discarded with the rest.
    if (!this.streamed.has(index)) this.streamed.set(index, item);
    const decoder = new Base64StreamDecoder();
    // The file is opened with the first bytes, so a string that never starts leaves no file.
    const writer = async (): Promise<VideoFileWriter> => (item.writer ??= await this.open(index));
    return {
      write: async (text) => {
        const bytes = decoder.push(text);
        if (bytes.length) await (await writer()).write(bytes);
      },
      end: async () => {
        await (await writer()).write(decoder.finish());
        item.done = true;
      },
    };
  }

  /** Item `index`'s file, when its string arrived whole and held bytes. */
  finished(index: number): VideoFileWriter | undefined {
    const item = this.streamed.get(index);
    return item?.writer && item.done && item.writer.bytes > 0 ? item.writer : undefined;
  }

  async open(index: number): Promise<VideoFileWriter> {
    const writer = await VideoFileWriter.open(this.destinationFor(index));
    this.writers.push(writer);
    return writer;
  }

  discardAll(): Promise<unknown> {
    return Promise.all(this.writers.map((w) => w.discard()));
  }
}

const FILE_ERRORS = new Set([
  'ENOSPC',
  'EACCES',
  'EPERM',
  'EROFS',
  'EISDIR',
  'ENOTDIR',
  'ENAMETOOLONG',
  'EDQUOT',
  'EMFILE',
  'EIO',
  'EEXIST',
]);

/** What a failure while the answer arrived or was saved means: disk, broken data, or the connection. */
function bodyError(err: unknown, ctx: SaveContext): VideoGenError {
  if (err instanceof VideoGenError) return err;
  const fileCode = (err as NodeJS.ErrnoException | undefined)?.syscall ? (err as NodeJS.ErrnoException).code : undefined;
  if (fileCode && FILE_ERRORS.has(fileCode)) {
    return new SaveFailedError(`The video arrived but could not be written to disk (${fileCode}).`, {
      requestId: ctx.requestId,
      mayHaveBeenBilled: true,
      cause: err,
    });
  }
  const details = { status: 200, requestId: ctx.requestId, mayHaveBeenBilled: true, cause: err };
  if (err instanceof InvalidBase64Error)
    return new BadResponseError(`The video data in the answer is not valid base64 (${err.message}).`, details);
  if (err instanceof JsonSyntaxError) {
    return new BadResponseError(`The answer is not complete JSON (${err.message}); it may have been cut off.`, details);
  }
  return transportError(err, { signal: ctx.options.signal, timeoutMs: ctx.conn.timeoutMs, stage: 'body', apiKey: ctx.options.apiKey });
}
