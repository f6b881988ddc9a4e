// The HTTPS sandboxes' certificate: self-signed, ECDSA P-256, made in-process with @peculiar/x509 on
// Node's WebCrypto (no openssl on the PATH needed), once per process and shared by every sandbox in
// it. Valid for 127.0.0.1, ::1 and localhost, so the client's pinning (`fingerprint256`) and custom-CA
// trust (`ca`) run against a real TLS handshake.
import { X509Certificate as NodeX509, webcrypto } from 'node:crypto';
// @peculiar/x509 resolves its parts through tsyringe, which needs the Reflect metadata API first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

export interface SandboxCertificate {
  /** PKCS#8 private key, PEM. */
  key: string;
  /** The certificate, PEM; also the CA a client trusts (it signs itself). */
  cert: string;
  /** `AB:CD:…` SHA-256 fingerprint, as Node's `X509Certificate.fingerprint256` and the wizard write it. */
  fingerprint256: string;
}

type CreateParams = Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0];

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export interface SelfSignedOptions {
  commonName: string;
  dns: string[];
  ips: string[];
  days: number;
}

/**
 * A self-signed ECDSA P-256 server certificate for the given names. Also used by the Sage 100 agent,
 * which keeps its (long-lived) certificate on disk so a pinned fingerprint survives restarts.
 */
export async function createSelfSignedCertificate(options: SelfSignedOptions): Promise<SandboxCertificate> {
  const crypto = webcrypto;
  const keys = (await crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: Buffer.from(crypto.getRandomValues(new Uint8Array(8))).toString('hex').replace(/^[89a-f]/, '1'),
      name: `CN=${options.commonName}`,
      notBefore: new Date(now - 60 * 60 * 1000),
      notAfter: new Date(now + options.days * 24 * 60 * 60 * 1000),
      signingAlgorithm: ALGORITHM,
      keys: keys as unknown as CreateParams['keys'],
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension([
          ...options.ips.map((value) => ({ type: 'ip' as const, value })),
          ...options.dns.map((value) => ({ type: 'dns' as const, value })),
        ]),
      ],
    },
    crypto as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[1],
  );
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', keys.privateKey);
  const key = x509.PemConverter.encode(pkcs8, 'PRIVATE KEY');
  const cert = certificate.toString('pem');
  return { key, cert, fingerprint256: new NodeX509(cert).fingerprint256 };
}

const generate = () => createSelfSignedCertificate({ commonName: 'ml-connector sandbox', ips: ['127.0.0.1', '::1'], dns: ['localhost'], days: 7 });

let shared: Promise<SandboxCertificate> | undefined;

/** The process's sandbox certificate (generated on first use). */
export function sandboxCertificate(): Promise<SandboxCertificate> {
  shared ??= generate();
  return shared;
}
