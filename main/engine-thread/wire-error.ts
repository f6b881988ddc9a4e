// Errors crossing the thread boundary lose their class (structured clone keeps only Error's own fields):
// these carry what the service needs to shape the API error — the engine's EngineError or the kit's
// recovery-typed errors — and rebuild them on the main thread.
import { AuthError, ConfigError, FatalError, RecordError, RetriableError, isConnectorError, type ConnectorError } from '../../connectors/kit/errors.ts';
import { EngineError } from '../engine/engine-error.ts';
import type { WireError } from './protocol.ts';

export function toWire(e: unknown): WireError {
  if (e instanceof EngineError) return { name: 'EngineError', message: e.message, code: e.code, ...(e.hint && { hint: e.hint }), ...(e.data && { data: e.data }) };
  if (isConnectorError(e)) return { name: e.name, message: e.message, kind: e.kind, ...(e.code && { code: e.code }), ...(e.hint && { hint: e.hint }), ...(e.data && { data: e.data }) };
  return { name: e instanceof Error ? e.name : 'Error', message: e instanceof Error ? e.message : String(e) };
}

const KINDS: Record<string, new (message: string, details: { code?: string; hint?: string; data?: Record<string, unknown> }) => ConnectorError> = {
  config: ConfigError,
  auth: AuthError,
  retriable: RetriableError,
  fatal: FatalError,
  record: RecordError,
};

export function fromWire(w: WireError): Error {
  if (w.name === 'EngineError') return new EngineError(w.code ?? 'ENGINE', w.message, w.hint, w.data);
  const Kind = w.kind ? KINDS[w.kind] : undefined;
  if (Kind) return new Kind(w.message, { ...(w.code && { code: w.code }), ...(w.hint && { hint: w.hint }), ...(w.data && { data: w.data }) });
  const e = new Error(w.message);
  e.name = w.name;
  return e;
}
