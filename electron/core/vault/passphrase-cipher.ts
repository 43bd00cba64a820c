import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';

// AES-256-GCM with a scrypt-derived key. Used by the browser host and the CLI (no OS keychain there).
// Structure only; the KDF cost is bounded separately (checkKdfParams) so a file asking for more gets its own message.
export const PassphraseRecordSchema = z.object({
  kdf: z.literal('scrypt'),
  N: z.number().int().positive(),
  r: z.number().int().positive(),
  p: z.number().int().positive(),
  salt: z.string().min(16),
  iv: z.string().min(16),
  tag: z.string().min(16),
  ct: z.string(),
});
export type PassphraseRecord = z.infer<typeof PassphraseRecordSchema>;

export const DEFAULT_SCRYPT = { N: 1 << 15, r: 8, p: 1 } as const;

/**
 * What a vault file may ask of scrypt: memory is 128·N·r bytes, so these bounds keep an unlock under 256 MB and a
 * few seconds. A file asking for more was not written by us (or was tampered with to stall the app).
 */
export const KDF_LIMITS = { minN: 1 << 10, maxN: 1 << 17, maxR: 16, maxP: 4 } as const;

export function checkKdfParams(params: { N: number; r: number; p: number }): void {
  const { N, r, p } = params;
  const powerOfTwo = Number.isSafeInteger(N) && N > 0 && (N & (N - 1)) === 0;
  if (!powerOfTwo || N < KDF_LIMITS.minN || N > KDF_LIMITS.maxN || r < 1 || r > KDF_LIMITS.maxR || p < 1 || p > KDF_LIMITS.maxP) {
    throw new AppError(
      'VAULT_CORRUPT',
      `保险箱文件的密钥派生参数超出允许范围（N=${N}, r=${r}, p=${p}；要求 N 为 2 的幂且 ${KDF_LIMITS.minN}–${KDF_LIMITS.maxN}，r ≤ ${KDF_LIMITS.maxR}，p ≤ ${KDF_LIMITS.maxP}）。文件可能已被改动，可以“重置保险箱”后重新填写密钥。`,
    );
  }
}

// Async so a ~100 ms key derivation never blocks the main process's event loop.
function deriveKey(passphrase: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(passphrase.normalize('NFC'), salt, 32, { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function sealWithPassphrase(
  plaintext: Buffer,
  passphrase: string,
  params: { N: number; r: number; p: number } = DEFAULT_SCRYPT,
): Promise<PassphraseRecord> {
  checkKdfParams(params);
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = await deriveKey(passphrase, salt, params);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from('jst-sms-vault-v1'));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return {
    kdf: 'scrypt',
    ...params,
    salt: salt.toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ct: ct.toString('base64'),
  };
}

export async function openWithPassphrase(record: PassphraseRecord, passphrase: string): Promise<Buffer> {
  checkKdfParams(record);
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
