// The shape of one sandbox route: how it is matched, counted, rate-limited and scoped, and its handler.
import type { SandboxEnv } from './switches.ts';

export interface RouteCtx {
  env: SandboxEnv;
  now: number;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  method: string;
  /** Path template, e.g. `/crm/v3/objects/:type/batch/upsert`; `:type` stays concrete in counters. */
  path: string;
  bucket: 'burst' | 'search';
  /** Scope the token needs, from the route params. */
  scope?: (params: Record<string, string>) => string | undefined;
  handler: (ctx: RouteCtx) => RouteResult;
}

/** Repeated (`?properties=a&properties=b`) and comma (`?properties=a,b`) forms both (spec §3). */
export function listParam(query: URLSearchParams, name: string): string[] | undefined {
  const all = query.getAll(name);
  if (!all.length) return undefined;
  return all.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

export const nowIso = (ms: number): string => new Date(ms).toISOString();
