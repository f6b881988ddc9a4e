// `ml-connector sage100-agent --config FILE`: runs the Sage 100 agent (connectors/sage100/agent) on the
// Sage server, prints {"url","fingerprint256","companies"} and keeps running. `--issue-key` adds a new
// API key to the configuration (only its hash is stored) and prints the key once; `--set-password USER`
// stores a service account's password hash, reading the password from stdin.
import { readFile, writeFile } from 'node:fs/promises';
import { hashApiKey, hashPassword, newApiKey } from '../../connectors/sage100/agent/auth.ts';
import { loadAgentConfig } from '../../connectors/sage100/agent/config.ts';
import { startAgent } from '../../connectors/sage100/agent/index.ts';

async function readJson(file: string): Promise<Record<string, unknown>> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(`Cannot read ${file}: ${(e as Error).message}`, { cause: e });
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export async function issueAgentKey(file: string): Promise<string> {
  const raw = await readJson(file);
  const key = newApiKey();
  raw.apiKeyHashes = [...((raw.apiKeyHashes as string[] | undefined) ?? []), hashApiKey(key)];
  await writeFile(file, JSON.stringify(raw, null, 2) + '\n', { mode: 0o600 });
  return key;
}

export async function setAgentPassword(file: string, user: string, password: string): Promise<void> {
  if (!password) throw new Error('No password on stdin.');
  const raw = await readJson(file);
  const accounts = ((raw.serviceAccounts as { user: string; passwordHash: string }[] | undefined) ?? []).filter((a) => a.user.toLowerCase() !== user.toLowerCase());
  raw.serviceAccounts = [...accounts, { user, passwordHash: hashPassword(password) }];
  await writeFile(file, JSON.stringify(raw, null, 2) + '\n', { mode: 0o600 });
}

/**
 * `whileRunning` gets the running agent before its line is printed, so a supervisor that stops it as soon
 * as it has read the line (WinSW's Ctrl+C, a test) finds the signal handlers in place.
 */
export async function runSage100Agent(opts: { config: string; issueKey?: boolean; setPassword?: string }, whileRunning?: (close: () => Promise<void>) => void): Promise<{ close(): Promise<void> } | null> {
  if (opts.issueKey) {
    const key = await issueAgentKey(opts.config);
    process.stdout.write(JSON.stringify({ apiKey: key, note: 'Shown once: enter it in the connection (X-Agent-Key). Only its hash is stored.' }) + '\n');
    return null;
  }
  if (opts.setPassword) {
    await setAgentPassword(opts.config, opts.setPassword, await readStdin());
    process.stdout.write(JSON.stringify({ user: opts.setPassword, stored: 'scrypt hash' }) + '\n');
    return null;
  }
  const config = await loadAgentConfig(opts.config);
  const agent = await startAgent({ config });
  whileRunning?.(() => agent.close());
  process.stdout.write(JSON.stringify({ url: agent.url, fingerprint256: agent.fingerprint256, companies: config.companies.map((c) => c.code), log: `${config.dataDir}/agent-requests.log` }) + '\n');
  return agent;
}
