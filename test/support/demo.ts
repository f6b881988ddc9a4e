// The demo environment of the tests of one file (`describe` block): sandboxes, a service on a fresh data
// folder, connections and flows, started before the first test and closed with its folder after the last.
// Registers its own beforeAll/afterAll; `env` is there from the first test on.
import { afterAll, beforeAll } from 'vitest';
import { startDemoEnvironment, type DemoEnvironment, type DemoOptions } from '../../main/demo/environment.ts';
import { makeTempDir } from './tmp-dir.ts';

export interface Demo {
  readonly env: DemoEnvironment;
  /** The environment's data folder. */
  readonly dataDir: string;
}

export function withDemo(options: Omit<DemoOptions, 'dataDir'>): Demo {
  let tmp: ReturnType<typeof makeTempDir> | undefined;
  let env: DemoEnvironment | undefined;
  beforeAll(async () => {
    tmp = makeTempDir();
    env = await startDemoEnvironment({ ...options, dataDir: tmp.dir } as DemoOptions);
  });
  afterAll(async () => {
    await env?.close();
    tmp?.cleanup();
  });
  return {
    get env() {
      if (!env) throw new Error('withDemo: the environment is used before its beforeAll ran');
      return env;
    },
    get dataDir() {
      if (!tmp) throw new Error('withDemo: the data folder is used before its beforeAll ran');
      return tmp.dir;
    },
  };
}
