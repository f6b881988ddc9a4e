// The mapping editor ships a copy of the transform list so its pickers work before any call returns;
// the service's `flows:transforms` is the truth. This test keeps the two from drifting apart.
import { describe, expect, it } from 'vitest';
import { transformCatalogue } from '../../renderer/src/features/mapping/transformCatalogue.ts';
import { createAppService } from '../../main/service/index.ts';
import { makeTempDir } from '../support/tmp-dir.ts';

describe('transform catalogue', () => {
  it('the renderer offers exactly the engine’s transforms with the same parameters', async () => {
    const tmp = makeTempDir();
    const service = createAppService({ dataDir: tmp.dir, mode: 'headless' });
    try {
      const live = await service.impl['flows:transforms'](undefined);
      const shape = (list: { fn: string; params: { name: string; required: boolean; type: string; choices?: string[] }[] }[]) =>
        list.map((t) => ({ fn: t.fn, params: t.params.map((p) => ({ name: p.name, required: p.required, type: p.type, choices: p.choices ?? null })) })).sort((a, b) => a.fn.localeCompare(b.fn));
      expect(shape(transformCatalogue)).toEqual(shape(live));
    } finally {
      await service.close();
      tmp.cleanup();
    }
  });
});
