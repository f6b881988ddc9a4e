// Runs one contract call: validates the input with the call's zod schema, runs the implementation and
// turns anything thrown into the `{ ok: false, error }` envelope. Both transports (IPC, HTTP) call this,
// so validation and error shaping exist once.
import { z } from 'zod';
import { contract, type Channel, type Result, type ApiError, type ServiceImpl } from '../../preload/contract/index.ts';
import { ServiceError } from './service-error.ts';
import { isConnectorError } from '../../connectors/kit/errors.ts';
import { EngineError } from '../engine/engine-error.ts';

export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export function invalidInputError(channel: string, issues: z.core.$ZodIssue[]): ApiError {
  const first = issues[0];
  const path = first?.path.map((p) => (typeof p === 'symbol' ? String(p) : p)) ?? [];
  const where = path.length ? `"${path.join('.')}"` : 'the input';
  return {
    code: 'INVALID_INPUT',
    message: `${channel}: ${where} ${first?.message ?? 'is invalid'}`,
    hint: 'Correct the named field and try again.',
    path,
    data: { issues: issues.slice(0, 10).map((i) => ({ path: i.path.map(String), message: i.message })) },
  };
}

export function toApiError(e: unknown): ApiError {
  if (e instanceof ServiceError) return e.toApiError();
  if (e instanceof EngineError) return ServiceError.fromEngine(e).toApiError();
  if (isConnectorError(e)) {
    return { code: e.code ?? e.kind.toUpperCase(), message: e.message, ...(e.hint && { hint: e.hint }), ...(e.data && { data: e.data }) };
  }
  if (e instanceof z.ZodError) return invalidInputError('input', e.issues);
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'INTERNAL', message: `Unexpected error: ${message}`, hint: 'See the log file in the data folder; report it if it repeats.' };
}

export async function dispatch(impl: ServiceImpl, channel: string, rawInput: unknown): Promise<Result<unknown>> {
  if (!isChannel(channel)) {
    return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `There is no call named "${channel}".`, hint: 'Check the channel name against preload/contract.' } };
  }
  const def = contract[channel];
  const parsed = def.input.safeParse(rawInput ?? undefined);
  if (!parsed.success) return { ok: false, error: invalidInputError(channel, parsed.error.issues) };
  try {
    const fn = impl[channel] as (input: unknown) => Promise<unknown>;
    const value = await fn(parsed.data);
    return { ok: true, value };
  } catch (e) {
    return { ok: false, error: toApiError(e) };
  }
}
