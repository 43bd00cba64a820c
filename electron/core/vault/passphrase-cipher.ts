import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';

// AES-256-GCM with a scrypt-derived key. Used by the browser host and the CLI (no OS keychain there).
export const PassphraseRecordSchema = z.object({
  kdf: z.literal('scrypt'),
  N: z.number().int().min(1024).max(1 << 20),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  salt: z.string().min(16),
  iv: z.string().min(16),
  tag: z.string().min(16),
  ct: z.string(),
});
export type PassphraseRecord = z.infer<typeof PassphraseRecordSchema>;

export const DEFAULT_SCRYPT = { N: 1 << 15, r: 8, p: 1 } as const;

// Async so a ~100 ms key derivation never blocks the main process's event loop.
function deriveKey(passphrase: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(passphrase.normalize('NFC'), salt, 32, { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function sealWithPassphrase(plaintext: Buffer, passphrase: string, params: { N: number; r: number; p: number } = DEFAULT_SCRYPT): Promise<PassphraseRecord> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = await deriveKey(passphrase, salt, params);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from('jst-sms-vault-v1'));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { kdf: 'scrypt', ...params, salt: salt.toString('base64'), iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ct: ct.toString('base64') };
}

export async function openWithPassphrase(record: PassphraseRecord, passphrase: string): Promise<Buffer> {
  const key = await deriveKey(passphrase, Buffer.from(record.salt, 'base64'), record);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(record.iv, 'base64'));
  decipher.setAAD(Buffer.from('jst-sms-vault-v1'));
  decipher.setAuthTag(Buffer.from(record.tag, 'base64'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(record.ct, 'base64')), decipher.final()]);
  } catch {
    // GCM cannot tell a wrong key from altered bytes; both fail authentication.
    throw new AppError('WRONG_PASSPHRASE', '口令错误，或保险箱文件已被改动，无法解密。');
  }
}
