// ml-connector command line (design §6). Admins script it; tests and benchmarks drive it.
// Output contract: machine-readable JSON on stdout, progress and errors on stderr.
import { Command, Option, InvalidArgumentError } from 'commander';
import { defaultDataDir } from './data-dir.ts';
import { packageVersion } from './service/package-version.ts';
import { workspaceProblem } from './cli/workspace-check.ts';
import { listenErrorMessage } from './cli/listen-error.ts';
import { closeOnSignals } from './cli/close-on-signals.ts';
import { AUDIT_ACTIONS } from '../preload/contract/audit-actions.ts';
import { isEngineThread } from './engine-thread/is-engine-thread.ts';

// Everything a command runs is imported when it runs (`await import(...)` in its action): `--help`,
// `--version` and a command that needs no engine start without loading the engine, the connectors and
// the store. The esbuild bundle splits each such import into its own chunks.

// In the esbuild bundle the engine thread (serve) runs this very file: its entry is the only file whose
// name is known at run time (the others are content-addressed chunks). Then it runs the engine instead of
// the command line (engine-thread-main.ts starts itself on import). From source the thread runs
// main/engine-thread/engine-thread-main.ts directly.
const engineEntry = import.meta.url.endsWith('.ts') ? undefined : { url: new URL(import.meta.url) };

function intArg(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number, got "${v}".`);
    return n;
  };
}

function portArg(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`--port must be a whole number from 0 to 65535 (0 picks a free port), got "${v}".`);
  return n;
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

const program = new Command()
  .name('ml-connector')
  .description('Keeps an on-premise ERP and a cloud CRM in sync, with an audit log you can replay.')
  .addOption(new Option('--data-dir <dir>', 'data folder (store, key, logs)').env('ML_CONNECTOR_DATA_DIR').default(defaultDataDir()))
  .version(packageVersion(), '--version', 'print the version')
  .showHelpAfterError();

const dataDir = () => program.opts<{ dataDir: string }>().dataDir;

program.hook('preAction', (_program, action) => {
  const problem = workspaceProblem(action.name(), dataDir());
  if (problem) fail(problem, 2);
});

/** Starts a listening command, turning a port that cannot be opened into our own sentence. */
async function listening<T>(port: number, host: string, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (e) {
    fail(listenErrorMessage(e, port, host) ?? (e as Error).message);
  }
}

program
  .command('serve')
  .description('engine + scheduler + UI on 127.0.0.1; prints {"url","token"}')
  .option('--port <n>', 'port (0 picks a free one)', portArg, 0)
  .option('--host <host>', 'loopback address to bind (127.0.0.1 or ::1)', '127.0.0.1')
  .action(async (opts: { port: number; host: string }) => {
    const { serve } = await import('./cli/serve.ts');
    const running = await listening(opts.port, opts.host, () =>
      serve({ dataDir: dataDir(), port: opts.port, host: opts.host, ...(process.env.ML_CONNECTOR_TOKEN && { token: process.env.ML_CONNECTOR_TOKEN }), ...(engineEntry && { engineEntry }) }),
    );
    process.stdout.write(JSON.stringify({ url: running.url, token: running.token, dataDir: dataDir() }) + '\n');
    closeOnSignals(running.close);
  });

program
  .command('sandbox [system]')
  .description("run a connector's sandbox on 127.0.0.1 (`sandbox --help` lists the systems and their switches); prints one JSON line with url and admin (plus fingerprint256 and ca under --tls)")
  .helpOption(false)
  .option('-h, --help', "this help and the sandbox's switches (every sandbox's without a system)")
  .option('--port <n>', 'port (0 picks a free one)', portArg, 0)
  .option('--records <n>', 'generate this many master records', intArg('--records'))
  .option('--seed <file>', 'seed data from a JSON file')
  .option('--tier <tier>', 'subscription tier (HubSpot: free|starter|professional|enterprise)')
  .option('--time-scale <x>', 'vendor time runs x times faster (rate windows, session and token lifetimes, credit windows)', floatArg('--time-scale'))
  .option('--faults <spec>', 'fault injection, e.g. 429=0.05,500=0.03,reset=0.02,timeout=0.01,slow=0.05,expire=0.01')
  .option('--random-seed <n>', 'seed for generated data and faults', intArg('--random-seed'))
  .option('--tls', 'HTTPS with a self-signed certificate made in-process')
  .option('--switch <name=value>', 'a sandbox switch (repeatable; see --help)', (v: string, all: string[]) => [...all, v], [] as string[])
  .action(async (system: string | undefined, opts: { help?: boolean; port: number; records?: number; seed?: string; tier?: string; timeScale?: number; faults?: string; randomSeed?: number; tls?: boolean; switch: string[] }, command: Command) => {
    try {
      const { startNamedSandbox, sandboxSwitchHelp } = await import('./cli/sandbox.ts');
      if (opts.help || !system) {
        process.stdout.write(command.helpInformation() + '\n' + (await sandboxSwitchHelp(system)));
        if (!system && !opts.help) process.exitCode = 2;
        return;
      }
      const sandbox = await startNamedSandbox(system, {
        port: opts.port,
        ...(opts.records !== undefined && { records: opts.records }),
        ...(opts.seed && { seedFile: opts.seed }),
        ...(opts.tier && { tier: opts.tier }),
        ...(opts.timeScale && { timeScale: opts.timeScale }),
        ...(opts.faults && { faults: opts.faults }),
        ...(opts.randomSeed !== undefined && { seed: opts.randomSeed }),
        ...(opts.tls && { tls: true }),
        ...(opts.switch.length && { switches: (await import('../connectors/kit/sandbox/switches.ts')).parseSwitchArgs(opts.switch) }),
      });
      process.stdout.write(JSON.stringify(sandbox.line) + '\n');
      closeOnSignals(sandbox.close, `stopping the ${system} sandbox`); // it runs no sync: no page in flight
    } catch (e) {
      fail((e as Error).message);
    }
  });

program
  .command('sage100-agent')
  .description('run the Sage 100 agent (HTTPS + ODBC) on the Sage server; prints {"url","fingerprint256","companies"}')
  .requiredOption('--config <file>', 'agent configuration (JSON)')
  .option('--issue-key', 'add a new API key to the configuration and print it once')
  .option('--set-password <user>', "store a service account's password (read from stdin) as a hash")
  .action(async (opts: { config: string; issueKey?: boolean; setPassword?: string }) => {
    try {
      const { runSage100Agent } = await import('./cli/sage100-agent.ts');
      await runSage100Agent(opts, (close) => closeOnSignals(close, 'stopping the agent'));
    } catch (e) {
      fail((e as Error).message);
    }
  });

program
  .command('demo')
  .description('a sandbox of every system + a ready workspace with every available integration + serve; prints {"url","token","dataDir","sandboxes"}')
  .option('--port <n>', 'port (0 picks a free one)', portArg, 0)
  .option('--records <n>', 'Sage 300 customers to generate', intArg('--records'), 200)
  .action(async (o: { port: number; records: number }) => {
    // The demo uses a fresh temporary folder unless a data folder is named explicitly.
    const explicit = program.getOptionValueSource('dataDir') !== 'default';
    try {
      const { demo } = await import('./cli/demo.ts');
      const running = await listening(o.port, '127.0.0.1', () => demo({ port: o.port, records: o.records, ...(explicit && { dataDir: dataDir() }) }));
      process.stdout.write(JSON.stringify(running.line) + '\n');
      closeOnSignals(running.close);
    } catch (e) {
      fail((e as Error).message);
    }
  });
/** The data commands (import, export, sync, …), loaded when one runs: they bring the service and the engine. */
const commands = () => import('./cli/commands.ts');

const exitWith = (p: Promise<number>) => p.then((code) => process.exit(code), (e: Error & { hint?: string }) => fail(`${e.message}${e.hint ? `\n  ${e.hint}` : ''}`));

program.command('import <workspace>').description('import connections and flows from a workspace JSON file (matched by name)').action((file: string) => exitWith(commands().then((c) => c.importCommand(dataDir(), file))));
program
  .command('export')
  .description('print connections and flows as workspace JSON (no secrets unless --with-secrets)')
  .option('--with-secrets', 'include secret values in plain text')
  .action((o: { withSecrets?: boolean }) => exitWith(commands().then((c) => c.exportCommand(dataDir(), Boolean(o.withSecrets)))));
program
  .command('sync [flows...]')
  .description('run flows now (all enabled when none named); progress on stderr, JSON summary on stdout; exit 1 if any record failed')
  .option('--full', 'ignore watermarks and read everything')
  .option('--force', "inside an ERP's blackout window: sync anyway, calling it during the window (this run only)")
  .action((flows: string[], o: { full?: boolean; force?: boolean }) => exitWith(commands().then((c) => c.syncCommand(dataDir(), flows, Boolean(o.full), Boolean(o.force)))));
program
  .command('dryrun <flow>')
  .description('what a run of the flow would do — would create, would update (field by field), unchanged, would fail (with reason) — as JSON; writes nothing to either system; exit 1 if any record would fail')
  .option('--limit <n>', 'records listed in the report (all are counted)', intArg('--limit'), 1000)
  .option('--full', 'read every source record, not only those changed since the watermark: what a full run would change (after a mapping change)')
  .action((flow: string, o: { limit: number; full?: boolean }) => exitWith(commands().then((c) => c.dryRunCommand(dataDir(), flow, { limit: o.limit, full: Boolean(o.full) }))));
program
  .command('cursors [flow]')
  .description('where each flow is (all when none named), as JSON: its watermark raw and on the connection’s clock, the overlap each poll re-reads, the time zone it assumes')
  .action((flow: string | undefined) => exitWith(commands().then((c) => c.cursorsCommand(dataDir(), flow))));
program
  .command('resync <flow>')
  .description('re-read everything the flow’s source changed since --from (whole days for date-only sources) and write only what differs; the flow’s cursor stays where it was; exit 1 if the run or a record failed')
  .requiredOption('--from <date>', 'a date (2026-12-01) or date and time (2026-12-01T08:30) in the source connection’s time zone, or with a zone (…Z, …+01:00)')
  .option('--estimate', 'only say how many records and calls it would take')
  .action((flow: string, o: { from: string; estimate?: boolean }) => exitWith(commands().then((c) => c.resyncCommand(dataDir(), flow, o.from, { estimateOnly: Boolean(o.estimate) }))));
program.command('status').description('flows, last runs, API budget pauses and open alerts as JSON').option('--json', 'JSON output (the default)').action(() => exitWith(commands().then((c) => c.statusCommand(dataDir()))));
program
  .command('budget')
  .description("each CRM account's API budget today (used / limit, reserve, the flows that spend most past 80 %, flows paused until it is back) and what each flow's schedule spends per day")
  .option('--flow <flow>', 'only this flow\'s daily estimate (name, id or template key)')
  .option('--json', 'JSON output')
  .action((o: { flow?: string; json?: boolean }) => exitWith(import('./cli/budget.ts').then((b) => b.budgetCommand(dataDir(), o))));
program
  .command('audit')
  .description('audit events, newest first, as JSON')
  .addOption(new Option('--status <action>', 'only events with this outcome').choices(AUDIT_ACTIONS))
  .option('--flow <flow>', 'flow name, id or template key')
  .option('--text <text>', 'search ids and names')
  .option('--unresolved', 'only failures no later success or replay has resolved (what `replay --failed` would replay)')
  .option('--limit <n>', 'how many', intArg('--limit'), 100)
  .option('--json', 'JSON output (the default)')
  .action((o: { status?: string; flow?: string; text?: string; unresolved?: boolean; limit: number }) => exitWith(commands().then((c) => c.auditCommand(dataDir(), o))));
program
  .command('replay [events...]')
  .description(
    "replay audit events with the current mapping: resend the stored payload, or re-read the record from the source first; inside the blackout window of an ERP it would call, it is refused at once (exit 1, nothing sent), like sync",
  )
  .option('--failed', 'replay every unresolved failure (of --flow, or all flows)')
  .option('--flow <flow>', 'with --failed: only this flow')
  .addOption(
    new Option('--send <what>', 'stored: resend the stored payload (a cause fixed in the destination; works while the source is down); reread: read the record from the source again (a cause fixed there); auto: by the failure\'s cause')
      .choices(['auto', 'stored', 'reread'])
      .default('auto'),
  )
  .action((ids: string[], o: { failed?: boolean; flow?: string; send?: 'auto' | 'stored' | 'reread' }) => exitWith(commands().then((c) => c.replayCommand(dataDir(), ids, o))));

program
  .command('upgrades')
  .description("template updates waiting for a decision (JSON); --apply takes a newer template's changes into flows, never over your own edits")
  .option('--apply <flow>', "take the template's changes into this flow (name, id or template key; repeatable; all for every flow)", (v: string, all: string[]) => [...all, v], [] as string[])
  .addOption(new Option('--conflicts <what>', "with --apply, parts you edited yourself: keep (yours, for good) or take (the template's); left undecided without it").choices(['keep', 'take']))
  .action((o: { apply: string[]; conflicts?: 'keep' | 'take' }) => exitWith(import('./cli/upgrades.ts').then((u) => u.upgradesCommand(dataDir(), o))));

program
  .command('backup <dir>')
  .description('a consistent copy of the store (SQLite online backup, safe while serve runs) into a new folder; the key only with --with-key')
  .option('--with-key', 'also copy the key file (then the backup alone can read the secrets: keep it as safe as the data folder)')
  .action((dir: string, o: { withKey?: boolean }) =>
    exitWith(
      import('./cli/backup.ts').then(async ({ backupDataFolder }) => {
        const r = await backupDataFolder(dataDir(), dir, { withKey: Boolean(o.withKey) });
        process.stdout.write(JSON.stringify(r) + '\n');
        if (r.keyNote) process.stderr.write(`ml-connector: ${r.keyNote}\n`);
        return 0;
      }),
    ),
  );
program
  .command('reset-secrets')
  .description('delete every stored secret (when the key is lost for good); connections and flows stay, enter the secrets again')
  .action(() => exitWith(import('./cli/backup.ts').then(({ resetSecrets }) => (process.stdout.write(JSON.stringify(resetSecrets(dataDir())) + '\n'), 0))));

// engine-thread-main.ts starts the engine thread on import.
if (isEngineThread()) await import('./engine-thread/engine-thread-main.ts');
else program.parseAsync(process.argv).catch((e: Error & { hint?: string }) => fail(`${e.message}${e.hint ? `\n  ${e.hint}` : ''}`));
