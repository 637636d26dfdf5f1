// The API key must never reach an error, a log line or a message, even when a server echoes it.

const BEARER = /(bearer\s+)[^\s"',;]+/gi;

export function redactSecret(text: string, secret: string | undefined): string {
  let out = text;
  if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out.replace(BEARER, '$1[redacted]');
}
