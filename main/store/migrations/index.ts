import type { Migration } from '../migrate.ts';
import { m0001 } from './0001-initial.ts';
import { m0002 } from './0002-failed-records.ts';
import { m0003 } from './0003-open-failures-index.ts';
import { m0004 } from './0004-lean-audit-inserts.ts';
import { m0005 } from './0005-webhook-deliveries.ts';
import { m0006 } from './0006-flow-template-version.ts';
import { m0007 } from './0007-connection-state.ts';
import { m0008 } from './0008-deleted-flows.ts';
import { m0009 } from './0009-audit-failure-cause.ts';
import { m0010 } from './0010-unchanged-by-reference.ts';
import { m0011 } from './0011-replay-sends.ts';
import { m0012 } from './0012-field-changes.ts';
import { m0013 } from './0013-run-api-units.ts';
import { m0014 } from './0014-template-bases.ts';
import { m0015 } from './0015-connection-blackouts.ts';
import { m0016 } from './0016-source-hashes.ts';
import { m0017 } from './0017-app-secrets.ts';
import { m0018 } from './0018-run-resync-from.ts';

/** Every migration in order. Append only. */
export const migrations: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009, m0010, m0011, m0012, m0013, m0014, m0015, m0016, m0017, m0018];
