// What the engine is given to work with. The service builds it from its own context; the engine knows
// nothing of the service, its views or its API errors (ARCHITECTURE.md, layers).
import type { RunProgress, Settings } from '../../preload/contract/index.ts';
import type { AlertRow, RunRow } from '../store/index.ts';
import type { ConnectorHost } from './open-connector.ts';

/** Where the engine reports what happens. Store rows go out; the service shapes them for the UI. */
export interface EngineEvents {
  runStarted(run: RunRow): void;
  runFinished(run: RunRow): void;
  progress(progress: RunProgress): void;
  /** A newly raised alert (a refreshed open one is not reported again). */
  alert(alert: AlertRow): void;
}

export interface EngineContext extends ConnectorHost {
  clock: { now(): Date };
  /** The admin's current settings (read at each use: they change while the engine runs). */
  settings(): Settings;
  events: EngineEvents;
  /** Which host runs this engine (serve, cli, desktop): the prefix of its flow-lock owner names. */
  hostName: string;
}
