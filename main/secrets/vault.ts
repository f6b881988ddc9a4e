// Encrypts secret values at rest. Two backends: Electron's safeStorage (desktop, OS keychain) and an
// AES-256-GCM key file (headless `serve`). Every blob starts with its backend's tag, so a data folder
// moved between modes is recognised and re-encrypted once (see migrate-secrets.ts).

export type VaultBackend = 'safe-storage' | 'key-file';

export interface Vault {
  readonly backend: VaultBackend;
  /** Returns a self-describing blob: `<tag>` + ciphertext. */
  encrypt(plaintext: string): Buffer;
  /** Throws VaultError when the blob belongs to another backend or fails authentication. */
  decrypt(blob: Buffer): string;
  /** True when this vault can decrypt the blob (its tag matches). */
  owns(blob: Buffer): boolean;
}

export class VaultError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'VaultError';
  }
}

export const BLOB_TAGS: Record<VaultBackend, Buffer> = {
  'key-file': Buffer.from('MLK1', 'ascii'),
  'safe-storage': Buffer.from('MLS1', 'ascii'),
};

export function backendOf(blob: Buffer): VaultBackend | null {
  for (const [backend, tag] of Object.entries(BLOB_TAGS) as [VaultBackend, Buffer][]) {
    if (blob.length >= tag.length && blob.subarray(0, tag.length).equals(tag)) return backend;
  }
  return null;
}
