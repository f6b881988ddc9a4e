// The agent's configuration file (JSON), validated with zod. Secrets in it are hashes (API keys,
// service-account passwords) except the Sage user's password inside each ODBC connection string,
// which the agent never logs or returns. On Windows the file sits in the agent's ACL-protected data folder.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';

const companyCode = z.string().regex(/^[A-Z0-9]{3}$/, 'a Sage 100 company code is 3 upper-case letters or digits, e.g. ABC');

export const agentConfigSchema = z.object({
  listen: z.object({ host: z.string().default('0.0.0.0'), port: z.number().int().min(0).max(65535).default(8443) }).prefault({}),
  /** Certificate, key and logs. Defaults to the configuration file's folder. */
  dataDir: z.string().optional(),
  /** Hashes of the issued API keys (`sha256:<hex>`); several allow a key to be rotated without downtime. */
  apiKeyHashes: z.array(z.string().regex(/^sha256:[0-9a-f]{64}$/)).min(1, 'issue an API key first: ml-connector sage100-agent --config FILE --issue-key'),
  serviceAccounts: z.array(z.object({ user: z.string().min(1), passwordHash: z.string().startsWith('scrypt:'), companies: z.array(companyCode).optional() })).min(1),
  companies: z.array(z.object({
    code: companyCode,
    name: z.string().optional(),
    /** `DSN=SOTAMAS90;UID=…;PWD=…;Company=ABC` or a DSN-less `Driver={MAS 90 4.0 ODBC Driver};…` string. */
    connectionString: z.string().optional(),
    /** `odbc` (default) or `sqlite` with `sqliteFile` (demo sandbox without unixODBC only). */
    driver: z.enum(['odbc', 'sqlite']).default('odbc'),
    sqliteFile: z.string().optional(),
  }).refine((c) => (c.driver === 'odbc' ? !!c.connectionString : !!c.sqliteFile), { message: 'an odbc company needs connectionString; a sqlite company needs sqliteFile' })).min(1),
  /** Requests that may wait per company behind the running one before 429 agent.busy. */
  queueDepth: z.number().int().min(0).default(8),
  queryTimeoutMs: z.number().int().positive().default(120_000),
  /** Optional mTLS: PEM of the CA (or the client certificate itself) that client certificates must chain to. */
  clientCaFile: z.string().optional(),
  /** Optional IP allow-list; connections from other addresses are closed before TLS. */
  allowIps: z.array(z.string()).optional(),
});

export type AgentConfig = z.infer<typeof agentConfigSchema>;

export async function loadAgentConfig(file: string): Promise<AgentConfig & { dataDir: string }> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new Error(`Cannot read the agent configuration ${file}: ${(e as Error).message}`, { cause: e });
  }
  const parsed = agentConfigSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`The agent configuration ${file} is invalid:\n${z.prettifyError(parsed.error)}`);
  const dataDir = resolve(dirname(file), parsed.data.dataDir ?? '.');
  return { ...parsed.data, dataDir };
}
