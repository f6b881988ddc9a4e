// The whole API contract: every call once, keyed by channel. The service implements it, IPC and
// HTTP transport it, the preload and the renderer's client are built by looping over it.
import type { z } from 'zod';
import type { CallDef, Result } from './define.ts';
import type { AppEvent } from './events.ts';
import { connectionCalls } from './connections.ts';
import { flowCalls } from './flows.ts';
import { runCalls } from './runs.ts';
import { auditCalls } from './audit.ts';
import { dryRunCalls } from './dry-run.ts';
import { cursorCalls } from './cursors.ts';
import { settingsCalls } from './settings.ts';
import { alertDeliveryCalls } from './alert-delivery.ts';
import { templateUpgradeCalls } from './template-upgrades.ts';
import { budgetCalls } from './budget.ts';

function byChannel<T extends Record<string, CallDef>>(calls: T) {
  return Object.fromEntries(Object.values(calls).map((c) => [c.channel, c])) as {
    [K in keyof T as T[K]['channel']]: T[K];
  };
}

export const contract = {
  ...byChannel(connectionCalls),
  ...byChannel(flowCalls),
  ...byChannel(runCalls),
  ...byChannel(auditCalls),
  ...byChannel(dryRunCalls),
  ...byChannel(cursorCalls),
  ...byChannel(settingsCalls),
  ...byChannel(alertDeliveryCalls),
  ...byChannel(templateUpgradeCalls),
  ...byChannel(budgetCalls),
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract & string;
export type InputOf<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedInputOf<C extends Channel> = z.output<Contract[C]['input']>;
export type OutputOf<C extends Channel> = z.output<Contract[C]['output']>;

/** What the main process implements: one async function per channel taking the parsed input. */
export type ServiceImpl = { [C in Channel]: (input: ParsedInputOf<C>) => Promise<OutputOf<C>> };

/** What the renderer calls: typed input, typed Result envelope. */
export interface ApiClient {
  call<C extends Channel>(channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>>;
  subscribe(listener: (event: AppEvent) => void): () => void;
}

export const channels = Object.keys(contract) as Channel[];

/** The one IPC channel events are pushed on (Electron); the headless transport uses SSE instead. */
export const EVENT_CHANNEL = 'mlc:event';

export * from './define.ts';
export * from './connections.ts';
export * from './flows.ts';
export * from './runs.ts';
export * from './audit.ts';
export * from './dry-run.ts';
export * from './dry-run-cost-text.ts';
export * from './cursors.ts';
export * from './settings.ts';
export * from './alert-delivery.ts';
export * from './template-upgrades.ts';
export * from './budget.ts';
export * from './events.ts';
export * from './mapping.ts';
export * from './blackouts.ts';
