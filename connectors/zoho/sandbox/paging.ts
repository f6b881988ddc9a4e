// Paging shared by lists and searches (spec §4.2, §4.6): `page` (1-based) or `page_token` (never both),
// `page` only within the first `pageLimit` records, tokens that point at an offset of one query and expire,
// and the v8 `info` block with `next_page_token` and `page_token_expiry`.
import { randomBytes } from 'node:crypto';
import { ZohoError, invalidParam, limitExceeded } from './errors.ts';
import { zohoDateTime } from './datetime.ts';
import type { RouteCtx } from './route-types.ts';

const PAGE_TOKEN_LIFE = 24 * 3600_000;

interface PageCursor {
  offset: number;
  signature: string;
  expiresAt: number;
}

/** Page tokens are opaque to clients; the sandbox keeps what they point at. */
export class PageTokens {
  private readonly tokens = new Map<string, PageCursor>();

  issue(offset: number, signature: string, now: number): { token: string; expiresAt: number } {
    const token = randomBytes(24).toString('hex');
    const expiresAt = now + PAGE_TOKEN_LIFE;
    this.tokens.set(token, { offset, signature, expiresAt });
    return { token, expiresAt };
  }

  get(token: string, signature: string, now: number): number {
    const c = this.tokens.get(token);
    if (!c || c.signature !== signature) throw invalidParam('page_token', 'invalid data', { reason: 'unknown page_token, or one issued for another query' });
    if (c.expiresAt < now) throw invalidParam('page_token', 'the page_token has expired', { reason: 'expired' });
    return c.offset;
  }
}

/**
 * How far a call may page: `tokens` lets page_token go past the limit (lists; searches per the
 * `searchPastPageLimit` switch); without it nothing past the limit is reachable at all.
 */
export interface PagingRules {
  limit: number;
  pastLimit: 'tokens' | 'none';
}

export interface PageWindow {
  offset: number;
  page: number;
}

/** The offset a call asks for, from `page` or `page_token` (the signature ties a token to its query). */
export function pageWindow(ctx: RouteCtx, signature: string, size: number, rules: PagingRules): PageWindow {
  const token = ctx.query.get('page_token');
  const raw = ctx.query.get('page');
  if (token && raw) throw invalidParam('page', 'page and page_token cannot be given together', { conflicting_param: 'page_token' });
  if (token) {
    const offset = ctx.pageTokens.get(token, signature, ctx.now);
    return { offset, page: Math.floor(offset / size) + 1 };
  }
  const page = raw === null ? 1 : Number(raw);
  if (!Number.isInteger(page) || page < 1) throw invalidParam('page');
  const offset = (page - 1) * size;
  if (offset >= rules.limit) {
    // Code name from the v3+ docs for lists (unverified); a search that reaches no further says LIMIT_EXCEEDED.
    if (rules.pastLimit === 'none') throw limitExceeded(rules.limit, `search results are limited to ${rules.limit} records`);
    throw new ZohoError(400, 'DISCRETE_PAGINATION_LIMIT_EXCEEDED', `you cannot fetch more than ${rules.limit} records without page_token`, { limit: rules.limit });
  }
  return { offset, page };
}

/** The info block's paging keys for a page of `size` at `offset` out of `total` records. */
export function pageInfo(ctx: RouteCtx, signature: string, window: PageWindow, size: number, total: number, rules: PagingRules): Record<string, unknown> {
  const end = window.offset + size;
  const more = total > end && (rules.pastLimit === 'tokens' || end < rules.limit);
  const next = more ? ctx.pageTokens.issue(end, signature, ctx.now) : undefined;
  return {
    per_page: size,
    page: window.page,
    more_records: more,
    next_page_token: next?.token ?? null,
    previous_page_token: null,
    page_token_expiry: next ? zohoDateTime(next.expiresAt, ctx.env.switches.orgOffsetMinutes) : null,
  };
}
