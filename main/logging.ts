// The process log: pino to `<dataDir>/logs/ml-connector.log` (synchronous: the log is per run and per
// alert, never per record, and a CLI that exits right away must not lose or crash on buffered lines),
// with redaction of secret-bearing keys.
// Messages that quote a request are scrubbed by the connector kit before they get here.
import pino from 'pino';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../connectors/kit/types.ts';

export const REDACT_PATHS = [
  'password',
  'token',
  'secret',
  'secrets',
  'authorization',
  'apiKey',
  'accessToken',
  'refreshToken',
  'clientSecret',
  '*.password',
  '*.token',
  '*.secret',
  '*.secrets',
  '*.authorization',
  '*.Authorization',
  '*.apiKey',
  '*.accessToken',
  '*.refreshToken',
  '*.clientSecret',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
];

export function createLogger(dataDir: string | null, level = process.env.ML_CONNECTOR_LOG_LEVEL ?? 'info'): Logger & { flush(): void } {
  const options = { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { pid: process.pid } };
  if (!dataDir) return pino({ ...options, enabled: false });
  const dir = join(dataDir, 'logs');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, 'ml-connector.log');
  closeSync(openSync(file, 'a', 0o600)); // owner-only from the first line (pino would create it 0644)
  return pino(options, pino.destination({ dest: file, sync: true, mkdir: true }));
}
