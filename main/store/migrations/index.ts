import type { Migration } from '../migrate.ts';
import { m0001 } from './0001-initial.ts';

/** Every migration in order. Append only. */
export const migrations: readonly Migration[] = [m0001];
