import { describe, expect, it } from 'vitest';
import { openStore } from '../store/index.ts';
import { makeTempDir } from '../../test/support/tmp-dir.ts';
import { silentLogger } from '../../connectors/kit/logger.ts';
import { createTextIndexer } from './text-indexer.ts';

const event = (i: number) => ({
  runId: 'r1', flowId: 'f1', at: new Date().toISOString(), direction: 'erp-to-crm' as const, sourceSystem: 'sage300', sourceEntity: 'customers',
  sourceId: `C-${i}`, sourceLabel: `Customer ${i}`, destObject: 'companies', destId: String(9000 + i), action: 'created', attempt: 1,
  error: null, sourcePayload: null, mappedPayload: null, replayOf: null,
});

describe('audit text indexer', () => {
  it('catches up in slices without holding the event loop, and concurrent calls share one pass', async () => {
    const tmp = makeTempDir();
    const store = openStore(tmp.dir);
    try {
      store.transaction(() => store.events.insertMany(Array.from({ length: 12_345 }, (_, i) => event(i))));
      const indexer = createTextIndexer(store, { busy: () => false, logger: silentLogger });
      let ticks = 0;
      const timer = setInterval(() => ticks++, 0);
      await Promise.all([indexer.catchUp(), indexer.catchUp()]);
      clearInterval(timer);
      expect(store.events.textBacklog()).toBe(0);
      expect(ticks).toBeGreaterThan(0); // the loop yielded between slices
      expect(store.events.count({ text: 'Customer 1234' }, 100).count).toBe(6); // 1234 and 12340–12344
    } finally {
      store.close();
      tmp.cleanup();
    }
  });

  it('logs and leaves the backlog for later when a slice cannot be written', async () => {
    const tmp = makeTempDir();
    const store = openStore(tmp.dir);
    store.events.insert(event(1));
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (_o: unknown, msg?: string) => void warnings.push(String(msg)) };
    store.db.exec('DROP TABLE record_events_text'); // the slice's INSERT now fails
    await createTextIndexer(store, { busy: () => false, logger }).catchUp();
    expect(warnings).toEqual(['audit text index: slice deferred']);
    expect(store.events.textBacklog()).toBe(1);
    store.close();
    tmp.cleanup();
  });
});
