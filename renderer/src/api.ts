// The renderer's only door to the service. Under Electron the preload exposes `window.mlc`; headless,
// the same contract goes over HTTP + server-sent events. Both are typed by preload/contract, and every
// answer is validated against it. The hooks below wrap calls in react-query and keep the cache fresh
// from the service's events (run progress/finished, flows/connections changed, alerts).
import { useEffect, useSyncExternalStore } from 'react';
import {
  QueryClient,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryKey,
  type UseMutationOptions,
  type UseQueryOptions,
} from '@tanstack/react-query';
import type { ApiClient, AppEvent, Channel, InputOf, OutputOf, RunProgress } from '../../preload/contract/index.ts';
import { ApiCallError } from './api/errors.ts';
import { createHttpClient, type LiveState } from './api/http-client.ts';
import { ProgressStore } from './api/progress.ts';
import { takeTokenFromLocation } from './api/token.ts';
import { validated } from './api/validated.ts';

export { ApiCallError, isApiCallError, transportErrorCodes } from './api/errors.ts';
export type { LiveState } from './api/http-client.ts';

declare global {
  interface Window {
    /** Set by the Electron preload (contextBridge); absent in a browser. */
    mlc?: ApiClient;
  }
}

export const transport: 'electron' | 'http' = window.mlc ? 'electron' : 'http';
const httpClient = window.mlc ? null : createHttpClient(takeTokenFromLocation());
export const api: ApiClient = validated(window.mlc ?? httpClient!);

/** Calls the service and throws an ApiCallError for `{ ok: false }`, for react-query. */
export async function callOrThrow<C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
  const result = await api.call(channel, input);
  if (!result.ok) throw new ApiCallError(channel, result.error);
  return result.value;
}

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      refetchOnWindowFocus: false,
      retry: (count, error) => count < 2 && error instanceof ApiCallError && ['UNREACHABLE', 'INTERNAL'].includes(error.code),
    },
  },
});

type Domain = 'connections' | 'flows' | 'runs' | 'audit' | 'settings' | 'budget';
const domainOf = (channel: string) => channel.slice(0, channel.indexOf(':')) as Domain;

/** What a successful change makes stale, by the domain of the call that made it. */
const staleAfter: Record<Domain, Domain[]> = {
  // A connection's test reads its CRM account's zone and count (budget:usage's window and use).
  connections: ['connections', 'flows', 'budget'],
  flows: ['flows', 'runs', 'budget'],
  runs: ['runs', 'flows', 'audit', 'budget'],
  audit: ['audit', 'flows', 'runs'],
  settings: ['settings'],
  budget: ['budget'],
};

const inDomains = (domains: readonly string[], key: QueryKey) => typeof key[0] === 'string' && domains.includes(domainOf(key[0]));

/**
 * Marks the queries of these domains stale and refetches the ones on screen. Queries with
 * `meta: { manualRefresh: true }` (long lists the admin is scrolling through) are only marked stale:
 * they show a "Refresh" affordance instead of jumping under the cursor.
 */
export async function invalidateDomains(client: QueryClient, domains: readonly string[]): Promise<void> {
  await Promise.all([
    client.invalidateQueries({ predicate: (q) => inDomains(domains, q.queryKey) && q.meta?.['manualRefresh'] !== true }),
    client.invalidateQueries({ predicate: (q) => inDomains(domains, q.queryKey) && q.meta?.['manualRefresh'] === true, refetchType: 'none' }),
  ]);
}

export function callKey<C extends Channel>(channel: C, input?: InputOf<C>): QueryKey {
  return input === undefined ? [channel] : [channel, input];
}

type CallQueryOptions<C extends Channel> = Omit<UseQueryOptions<OutputOf<C>, ApiCallError, OutputOf<C>, QueryKey>, 'queryKey' | 'queryFn'>;

/** A read call as a react-query query keyed by [channel, input]. */
export function useCall<C extends Channel>(channel: C, input: InputOf<C>, options?: CallQueryOptions<C>) {
  return useQuery<OutputOf<C>, ApiCallError, OutputOf<C>, QueryKey>({
    queryKey: callKey(channel, input),
    queryFn: () => callOrThrow(channel, input),
    ...options,
  });
}

type CallMutationOptions<C extends Channel> = Omit<UseMutationOptions<OutputOf<C>, ApiCallError, InputOf<C>>, 'mutationFn'> & {
  /** Domains whose queries go stale on success; defaults by the call's domain. `[]` for side-effect-free calls. */
  invalidates?: readonly Domain[];
};

/** A changing call as a react-query mutation; on success it invalidates what the change touches. */
export function useMutationCall<C extends Channel>(channel: C, options: CallMutationOptions<C> = {}) {
  const client = useQueryClient();
  const { invalidates, onSuccess, ...rest } = options;
  return useMutation<OutputOf<C>, ApiCallError, InputOf<C>>({
    mutationFn: (input) => callOrThrow(channel, input),
    ...rest,
    onSuccess: async (...args) => {
      await invalidateDomains(client, invalidates ?? staleAfter[domainOf(channel)]);
      await onSuccess?.(...args);
    },
  });
}

/** What each service event makes stale. */
const staleAfterEvent: Partial<Record<AppEvent['name'], Domain[]>> = {
  // A run starting may be a paused one resuming: its API budget pause is over.
  'run:started': ['flows', 'runs', 'budget'],
  'run:finished': ['flows', 'runs', 'audit', 'settings', 'budget'],
  'flows:changed': ['flows'],
  'connections:changed': ['connections', 'flows', 'budget'],
  alert: ['settings', 'budget'],
};

const progress = new ProgressStore();

/** Mount once at the root: keeps queries and run progress fresh from the service's events. */
export function useLiveUpdates(): void {
  const client = useQueryClient();
  useEffect(() => {
    const unsubscribe = api.subscribe((event) => {
      progress.handle(event);
      const domains = staleAfterEvent[event.name];
      if (domains) void invalidateDomains(client, domains);
    });
    // After the event stream comes back, refresh everything: events may have been missed meanwhile.
    let connectedOnce = false;
    const unwatch = httpClient?.onLiveState((state) => {
      if (state !== 'live') return;
      if (connectedOnce) void client.invalidateQueries();
      connectedOnce = true;
    });
    return () => {
      unsubscribe();
      unwatch?.();
    };
  }, [client]);
}

/** Subscribe a component to service events (e.g. to show a notification when a run finishes). */
export function useAppEvent(listener: (event: AppEvent) => void): void {
  useEffect(() => api.subscribe(listener), [listener]);
}

/** Live progress of every running flow, keyed by flow id. */
export function useRunProgress(): ReadonlyMap<string, RunProgress> {
  return useSyncExternalStore(progress.subscribe, progress.getSnapshot);
}

const noLive = () => () => {};
/** Whether the event stream is connected ('live' always under Electron). */
export function useLiveState(): LiveState {
  return useSyncExternalStore(httpClient ? httpClient.onLiveState : noLive, () => httpClient?.getLiveState() ?? 'live');
}
