// The agent's HTTPS identity: a self-signed certificate created once and kept with its key in the
// agent's data folder, so the fingerprint a connector pinned stays valid across restarts (spec §7.1).
// Made in-process by the kit (WebCrypto + @peculiar/x509): a Windows server has no openssl CLI.
import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createSelfSignedCertificate } from '../../kit/sandbox/certificate.ts';

export interface AgentCertificate {
  key: string;
  cert: string;
  /** `AB:CD:…` SHA-256 fingerprint, as the connector pins it. */
  fingerprint256: string;
}

export const certificateFiles = (dataDir: string) => ({ cert: join(dataDir, 'agent-cert.pem'), key: join(dataDir, 'agent-key.pem') });

/** Loads `agent-cert.pem`/`agent-key.pem` from the data folder, creating them the first time (valid 10 years). */
export async function loadOrCreateCertificate(dataDir: string): Promise<AgentCertificate> {
  const files = certificateFiles(dataDir);
  if (!existsSync(files.cert) || !existsSync(files.key)) {
    await mkdir(dataDir, { recursive: true });
    const made = await createSelfSignedCertificate({ commonName: `${hostname()} Sage 100 agent`, dns: [hostname(), 'localhost'], ips: ['127.0.0.1', '::1'], days: 3650 });
    await writeFile(files.key, made.key, { mode: 0o600 });
    await chmod(files.key, 0o600).catch(() => undefined);
    await writeFile(files.cert, made.cert);
  }
  const cert = await readFile(files.cert, 'utf8');
  const key = await readFile(files.key, 'utf8');
  return { key, cert, fingerprint256: new X509Certificate(cert).fingerprint256 };
}
