// ml-connector command line (design §6). Admins script it; tests and benchmarks drive it.
// Output contract: machine-readable JSON on stdout, progress and errors on stderr.
import { Command, Option, InvalidArgumentError } from 'commander';
import { defaultDataDir } from './data-dir.ts';
import { serve, closeOnSignals } from './cli/serve.ts';
import { startNamedSandbox, sandboxSystems } from './cli/sandbox.ts';

function intArg(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number, got "${v}".`);
    return n;
  };
}

function floatArg(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive number, got "${v}".`);
    return n;
  };
}

function fail(message: string, code = 1): never {
  process.stderr.write(`ml-connector: ${message}\n`);
  process.exit(code);
}

function notYet(command: string) {
  return () => fail(`"${command}" is not available in this version yet; nothing was changed.`, 2);
}

const program = new Command()
  .name('ml-connector')
  .description('Keeps an on-premise ERP and a cloud CRM in sync, with an audit log you can replay.')
  .addOption(new Option('--data-dir <dir>', 'data folder (store, key, logs)').env('ML_CONNECTOR_DATA_DIR').default(defaultDataDir()))
  .showHelpAfterError();

const dataDir = () => program.opts<{ dataDir: string }>().dataDir;

program
  .command('serve')
  .description('engine + scheduler + UI on 127.0.0.1; prints {"url","token"}')
  .option('--port <n>', 'port (0 picks a free one)', intArg('--port'), 0)
  .option('--host <host>', 'loopback address to bind (127.0.0.1 or ::1)', '127.0.0.1')
  .action(async (opts: { port: number; host: string }) => {
    const running = await serve({ dataDir: dataDir(), port: opts.port, host: opts.host, ...(process.env.ML_CONNECTOR_TOKEN && { token: process.env.ML_CONNECTOR_TOKEN }) });
    process.stdout.write(JSON.stringify({ url: running.url, token: running.token, dataDir: dataDir() }) + '\n');
    closeOnSignals(running.close);
  });

program
  .command('sandbox <system>')
  .description(`run a connector's sandbox on 127.0.0.1 (${sandboxSystems.join(', ')}); prints one JSON line`)
  .option('--port <n>', 'port (0 picks a free one)', intArg('--port'), 0)
  .option('--records <n>', 'generate this many master records', intArg('--records'))
  .option('--seed <file>', 'seed data from a JSON file')
  .option('--tier <tier>', 'subscription tier (HubSpot: free|starter|professional|enterprise)')
  .option('--time-scale <x>', 'divide rate-limit windows by x', floatArg('--time-scale'))
  .option('--faults <spec>', 'fault injection, e.g. 429=0.05,500=0.03,reset=0.02,timeout=0.01,slow=0.05')
  .option('--random-seed <n>', 'seed for generated data and faults', intArg('--random-seed'))
  .action(async (system: string, opts: { port: number; records?: number; seed?: string; tier?: string; timeScale?: number; faults?: string; randomSeed?: number }) => {
    try {
      const sandbox = await startNamedSandbox(system, {
        port: opts.port,
        ...(opts.records !== undefined && { records: opts.records }),
        ...(opts.seed && { seedFile: opts.seed }),
        ...(opts.tier && { tier: opts.tier }),
        ...(opts.timeScale && { timeScale: opts.timeScale }),
        ...(opts.faults && { faults: opts.faults }),
        ...(opts.randomSeed !== undefined && { seed: opts.randomSeed }),
      });
      process.stdout.write(JSON.stringify(sandbox.line) + '\n');
      closeOnSignals(sandbox.close);
    } catch (e) {
      fail((e as Error).message);
    }
  });

program.command('demo').description('sandboxes + a ready workspace + serve; prints {"url","token","dataDir","sandboxes"}').option('--port <n>', 'port', intArg('--port'), 0).action(notYet('demo'));
program.command('import <workspace>').description('import connections and flows from a workspace JSON file').action(notYet('import'));
program.command('export').description('export connections and flows as workspace JSON (no secrets unless --with-secrets)').option('--with-secrets').action(notYet('export'));
program.command('sync [flows...]').description('run flows now; progress on stderr, JSON summary on stdout; exit 1 if any record failed').option('--full', 'ignore watermarks and read everything').action(notYet('sync'));
program.command('status').description('flows, last runs and alerts').option('--json').action(notYet('status'));
program.command('audit').description('audit events').option('--status <action>').option('--flow <flow>').option('--json').action(notYet('audit'));
program.command('replay [events...]').description('replay events from their stored payloads').option('--failed', 'replay every unresolved failure').action(notYet('replay'));

program.parseAsync(process.argv).catch((e: Error) => fail(e.message));
