// A throw-away self-signed certificate for the sandbox's `tls` switch, so the client's certificate
// pinning and custom-CA trust run against a real TLS handshake (made with the `openssl` CLI).
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface SelfSigned {
  key: string;
  cert: string;
  /** `AB:CD:…` SHA-256 fingerprint, as the wizard shows it. */
  fingerprint256: string;
}

export async function selfSignedCertificate(): Promise<SelfSigned> {
  const dir = await mkdtemp(join(tmpdir(), 'sage300-sandbox-'));
  try {
    await promisify(execFile)('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    ]);
    const key = await readFile(join(dir, 'key.pem'), 'utf8');
    const cert = await readFile(join(dir, 'cert.pem'), 'utf8');
    return { key, cert, fingerprint256: new X509Certificate(cert).fingerprint256 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
