// A long-running command (serve, demo, a sandbox, the Sage 100 agent) stops cleanly on SIGINT/SIGTERM.
export function closeOnSignals(close: () => Promise<void>, stopping = 'stopping after the page in flight'): void {
  let closing = false;
  const stop = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    process.stderr.write(`ml-connector: ${signal}, ${stopping}…\n`);
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
