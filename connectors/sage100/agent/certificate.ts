// The agent's HTTPS identity: a self-signed certificate created once and kept with its key in the
// agent's data folder, so the fingerprint a connector pinned stays valid across restarts (spec §7.1).
// Made in-process (WebCrypto + @peculiar/x509): a Windows server has no openssl CLI.
import { X509Certificate, webcrypto } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';

export interface AgentCertificate {
  key: string;
  cert: string;
  /** `AB:CD:…` SHA-256 fingerprint, as the connector pins it. */
  fingerprint256: string;
}

const toPem = (der: ArrayBuffer, label: string) =>
  `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END ${label}-----\n`;

export async function createSelfSigned(names: { dns: string[]; ips: string[] }, days = 3650): Promise<{ key: string; cert: string }> {
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(12))).toString('hex'),
    name: `CN=${names.dns[0] ?? 'sage100-agent'}, O=ml-connector Sage 100 agent`,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + days * 86_400_000),
    keys,
    signingAlgorithm: alg,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([...names.dns.map((value) => ({ type: 'dns' as const, value })), ...names.ips.map((value) => ({ type: 'ip' as const, value }))]),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { key: toPem(pkcs8, 'PRIVATE KEY'), cert: cert.toString('pem') + '\n' };
}

/** Loads `agent-cert.pem`/`agent-key.pem` from the data folder, creating them the first time. */
export async function loadOrCreateCertificate(dataDir: string): Promise<AgentCertificate> {
  const certFile = join(dataDir, 'agent-cert.pem');
  const keyFile = join(dataDir, 'agent-key.pem');
  if (!existsSync(certFile) || !existsSync(keyFile)) {
    await mkdir(dataDir, { recursive: true });
    const made = await createSelfSigned({ dns: [hostname(), 'localhost'], ips: ['127.0.0.1', '::1'] });
    await writeFile(keyFile, made.key, { mode: 0o600 });
    await chmod(keyFile, 0o600).catch(() => undefined);
    await writeFile(certFile, made.cert);
  }
  const cert = await readFile(certFile, 'utf8');
  const key = await readFile(keyFile, 'utf8');
  return { key, cert, fingerprint256: new X509Certificate(cert).fingerprint256 };
}
