// TLS trust for on-premise servers, without ever switching verification off (design §7):
// - default: Node's root CAs;
// - `ca`: Node's root CAs plus the custom CA (or the server's own self-signed certificate);
// - `fingerprint256`: the server's exact certificate is trusted whatever its chain and name, and any
//   other certificate is refused as TLS_CHANGED.
// The handshake is completed without rejecting so that the refusal can name the host and the
// SHA-256 fingerprint actually seen (the wizard offers to trust it); the socket is destroyed before
// a single request byte is written.
import { rootCertificates, type TLSSocket } from 'node:tls';
import { buildConnector } from 'undici';
import { ConfigError } from './errors.ts';
import type { TlsTrust } from './types.ts';

/** `AB:CD:…` upper-case with colons, the form Node's `fingerprint256` and the wizard use. */
export function normaliseFingerprint(fp: string): string {
  const hex = fp.replace(/[^0-9a-f]/gi, '').toUpperCase();
  return hex.match(/.{2}/g)?.join(':') ?? '';
}

export interface TlsConnectorOptions {
  trust?: TlsTrust;
  connectTimeoutMs: number;
  system: string;
}

export function createTlsConnector(options: TlsConnectorOptions): buildConnector.connector {
  const trust = options.trust ?? {};
  const pinned = trust.fingerprint256 ? normaliseFingerprint(trust.fingerprint256) : undefined;
  const base = buildConnector({
    timeout: options.connectTimeoutMs,
    // Checked below, after the handshake, so the error can carry the fingerprint seen.
    rejectUnauthorized: false,
    ...(trust.ca ? { ca: [...rootCertificates, trust.ca] } : {}),
    // A resumed session skips certificate checks; always do a full handshake.
    maxCachedSessions: 0,
  });
  return (connectOptions, callback) =>
    base(connectOptions, (err, socket) => {
      if (err || !socket) return callback(err ?? new Error('connect failed'), null);
      if (connectOptions.protocol !== 'https:') return callback(null, socket);
      const tlsSocket = socket as TLSSocket;
      const cert = tlsSocket.getPeerCertificate();
      const seen = cert?.fingerprint256 ? normaliseFingerprint(cert.fingerprint256) : '';
      const host = connectOptions.hostname;
      const data = { host, port: connectOptions.port, fingerprint256: seen, subject: cert?.subject?.CN, issuer: cert?.issuer?.CN, validTo: cert?.valid_to };
      let refusal: ConfigError | null = null;
      if (pinned) {
        if (seen !== pinned) {
          refusal = new ConfigError(`The certificate of ${host} changed: it now presents SHA-256 ${seen}, not the pinned ${pinned}.`, {
            code: 'TLS_CHANGED',
            system: options.system,
            hint: 'If the server certificate was renewed on purpose, trust the new fingerprint in the connection settings; otherwise someone may be intercepting the connection.',
            data: { ...data, pinned },
          });
        }
      } else if (!tlsSocket.authorized) {
        const reason = String(tlsSocket.authorizationError ?? 'unknown');
        refusal = new ConfigError(`The certificate of ${host} is not trusted (${reason}); it presents SHA-256 ${seen}.`, {
          code: 'TLS_UNTRUSTED',
          system: options.system,
          hint: 'Trust this certificate by its fingerprint after checking it with the server administrator, or add the CA that issued it.',
          data: { ...data, reason },
        });
      }
      if (refusal) {
        socket.destroy();
        return callback(refusal, null);
      }
      callback(null, socket);
    });
}
