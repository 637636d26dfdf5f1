// Downloading a video that an answer gives as a `url` instead of `b64_json`. The API key is never
// sent: the file may live on another origin. Three stages: a `data:` URL is decoded in place, an
// http(s) URL is followed through its redirects, and the final body is streamed into the file.
import { request, type Dispatcher } from 'undici';
import { DEFAULT_USER_AGENT, headerValue, type ApiConnection } from './apiRequest';
import { Base64StreamDecoder, InvalidBase64Error } from './base64Decoder';
import { BadResponseError, VideoGenError } from './errors';
import { discardBody, prepareRoute } from './http';
import { transportError } from './transportErrors';
import type { VideoFileWriter } from '../output/videoFileWriter';

const MAX_DOWNLOAD_BYTES = 4 * 1024 * 1024 * 1024;
const MAX_REDIRECTS = 5;

/** Downloads a `url` answer into `writer`; throws a VideoGenError (all may have been billed). */
export async function downloadInto(
  url: string,
  writer: VideoFileWriter,
  conn: ApiConnection,
  requestId: string | undefined,
): Promise<void> {
  if (/^data:/i.test(url)) await decodeDataUrl(url, writer, requestId);
  else await streamBody(await followRedirects(url, conn, requestId), writer, conn);
  if (writer.bytes === 0) throw new BadResponseError('The video downloaded from its URL is empty.', { mayHaveBeenBilled: true });
}

/** The video inline as a data URL: nothing to download (and nothing to send the key to). */
async function decodeDataUrl(url: string, writer: VideoFileWriter, requestId: string | undefined): Promise<void> {
  const decoder = new Base64StreamDecoder();
  try {
    await writer.write(decoder.push(url));
    await writer.write(decoder.finish());
  } catch (err) {
    if (err instanceof InvalidBase64Error)
      throw new BadResponseError(`The video's data URL is broken: ${err.message}.`, { status: 200, requestId, mayHaveBeenBilled: true });
    throw err;
  }
}

/** GETs the URL, following redirects; resolves with the 200 answer whose body is the video. */
async function followRedirects(url: string, conn: ApiConnection, requestId: string | undefined): Promise<Dispatcher.ResponseData> {
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const response = await get(checkedUrl(current, requestId), conn);
    const location = headerValue(response.headers, 'location');
    if (response.statusCode >= 300 && response.statusCode < 400 && location) {
      discardBody(response.body);
      current = new URL(location, current).toString();
      continue;
    }
    if (response.statusCode !== 200) {
      discardBody(response.body);
      throw new BadResponseError(`Downloading the video from its URL failed with HTTP ${response.statusCode}.`, {
        status: response.statusCode,
        requestId,
        mayHaveBeenBilled: true,
      });
    }
    return response;
  }
  throw new BadResponseError('Downloading the video was redirected too many times.', { mayHaveBeenBilled: true });
}

/** Only an absolute http(s) URL is fetched. */
function checkedUrl(url: string, requestId: string | undefined): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new BadResponseError('The API answered with a video URL that is not valid.', { status: 200, requestId, mayHaveBeenBilled: true });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new BadResponseError(`The API answered with a ${parsed.protocol} video URL; only http(s) is downloaded.`, {
      status: 200,
      requestId,
      mayHaveBeenBilled: true,
    });
  }
  return parsed;
}

/** One GET, without the key. */
async function get(url: URL, conn: ApiConnection): Promise<Dispatcher.ResponseData> {
  try {
    await prepareRoute(conn.dispatcher, url);
    return await request(url, {
      method: 'GET',
      dispatcher: conn.dispatcher,
      signal: conn.call.signal,
      headersTimeout: conn.timeoutMs,
      bodyTimeout: conn.timeoutMs,
      headers: { 'user-agent': conn.call.userAgent ?? DEFAULT_USER_AGENT, accept: 'video/*,*/*' },
    });
  } catch (err) {
    throw transportError(err, { signal: conn.call.signal, timeoutMs: conn.timeoutMs, stage: 'body', apiKey: conn.call.apiKey, url });
  }
}

async function streamBody(response: Dispatcher.ResponseData, writer: VideoFileWriter, conn: ApiConnection): Promise<void> {
  try {
    for await (const chunk of response.body) {
      await writer.write(chunk as Buffer);
      if (writer.bytes > MAX_DOWNLOAD_BYTES)
        throw new BadResponseError('The video download is larger than 4 GB; stopped.', { mayHaveBeenBilled: true });
    }
  } catch (err) {
    discardBody(response.body);
    throw err instanceof VideoGenError
      ? err
      : transportError(err, { signal: conn.call.signal, timeoutMs: conn.timeoutMs, stage: 'body', apiKey: conn.call.apiKey });
  }
}
