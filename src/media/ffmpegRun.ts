// Runs ffmpeg once, without a shell: stdin closed, stderr's tail kept for the error, killed on
// timeout or cancellation (the promise settles only once the process is gone). No vscode import.
import { spawn } from 'node:child_process';

export type FfmpegFailure = 'failed' | 'timeout' | 'cancelled' | 'not-started';

export class FfmpegRunError extends Error {
  constructor(
    readonly failure: FfmpegFailure,
    message: string,
    /** ffmpeg's last non-empty stderr line, when it wrote one. */
    readonly lastLine: string,
  ) {
    super(message);
    this.name = 'FfmpegRunError';
  }
}

export interface FfmpegRunOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

/** stderr kept for the last line: ffmpeg's final words fit easily. */
const STDERR_TAIL_BYTES = 16 * 1024;

export function lastStderrLine(stderr: string): string {
  const lines = stderr
    .split(/\r?\n|\r/)
    .map((line) => line.trim())
    .filter(Boolean);
  return lines[lines.length - 1] ?? '';
}

export function runFfmpeg(ffmpeg: string, args: readonly string[], options: FfmpegRunOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new FfmpegRunError('cancelled', 'ffmpeg was cancelled before it started', ''));
      return;
    }
    const child = spawn(ffmpeg, [...args], { stdio: ['ignore', 'ignore', 'pipe'], shell: false, windowsHide: true });
    let tail = '';
    let stopped: 'timeout' | 'cancelled' | undefined;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      tail = (tail + chunk).slice(-STDERR_TAIL_BYTES);
    });
    const stop = (why: 'timeout' | 'cancelled'): void => {
      if (stopped) return;
      stopped = why;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop('timeout'), options.timeoutMs);
    const onAbort = (): void => stop('cancelled');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const settle = (error: FfmpegRunError | null): void => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve();
    };
    child.on('error', (err) => settle(new FfmpegRunError('not-started', `ffmpeg could not be started: ${err.message}`, '')));
    child.on('close', (code, signal) => {
      const line = lastStderrLine(tail);
      if (stopped === 'timeout') settle(new FfmpegRunError('timeout', `ffmpeg took longer than ${Math.round(options.timeoutMs / 1000)} s and was stopped`, line));
      else if (stopped === 'cancelled') settle(new FfmpegRunError('cancelled', 'ffmpeg was cancelled', line));
      else if (code === 0) settle(null);
      else {
        const how = code !== null ? `exit code ${code}` : `signal ${signal ?? 'unknown'}`;
        settle(new FfmpegRunError('failed', `ffmpeg failed (${how})${line ? `: ${line}` : ''}`, line));
      }
    });
  });
}
