// Secrets kept in ConnectionState (a cached OAuth access token, a session id) are sealed with
// AES-256-GCM under a key derived (HKDF-SHA256) from a secret the connection already holds — the
// refresh token, the password — so the persisted value is useless without the connection's own
// credentials, and any process that has them (the service, a CLI sync) can open it.
// A value sealed under other key material (the admin changed the credential) does not open: open()
// returns undefined and the caller fetches a new one.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

function keyFor(material: string, salt: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(material, 'utf8'), salt, `ml-connector sealed ${purpose}`, 32));
}

export function seal(plaintext: string, material: string, purpose: string): string {
  if (!material) throw new Error('seal() needs non-empty key material (a credential of the connection).');
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(material, salt, purpose), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return [VERSION, salt.toString('base64url'), iv.toString('base64url'), body.toString('base64url')].join('.');
}

/** The plaintext, or undefined when the value is malformed or was sealed under other material. */
export function open(sealed: string, material: string, purpose: string): string | undefined {
  const [version, salt, iv, body] = sealed.split('.');
  if (version !== VERSION || !salt || !iv || !body || !material) return undefined;
  try {
    const data = Buffer.from(body, 'base64url');
    if (data.length < 16) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', keyFor(material, Buffer.from(salt, 'base64url'), purpose), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(data.subarray(data.length - 16));
    return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
