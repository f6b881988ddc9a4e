// The shape every host (Electron main, `serve`, tests) gets from createAppService(): the contract's
// implementation, the event bus the transports forward, and a close() that stops the scheduler and
// closes the store.
import type { ServiceImpl } from '../../preload/contract/index.ts';
import type { EventBus } from './events.ts';

export type HostMode = 'desktop' | 'headless';

export interface AppService {
  readonly impl: ServiceImpl;
  readonly events: EventBus;
  readonly dataDir: string;
  readonly mode: HostMode;
  close(): Promise<void>;
}
