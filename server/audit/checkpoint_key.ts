/**
 * The checkpoint signing key: Ed25519, a PKCS#8 PEM file on the app server's disk, never in the
 * database (whoever can rewrite the database must not be able to sign a checkpoint of the rewrite).
 * Created with mode 0600 at first start when missing; the public key is written beside it as PEM
 * (`….pub.pem`) and raw base64 (`….pub.b64`) for auditors and the public portal.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { keyIdOf, publicKeyFromRaw, rawPublicKey } from '../../domain/audit/checkpoint';

export interface CheckpointKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly keyId: string;
  readonly publicKeyPem: string;
  readonly publicKeyBase64: string;
}

export function checkpointKeyFrom(privateKey: KeyObject): CheckpointKey {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('检查点签名密钥必须是 Ed25519 私钥');
  const publicKey = createPublicKey(privateKey);
  const raw = rawPublicKey(publicKey);
  return {
    privateKey, publicKey, keyId: keyIdOf(raw),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    publicKeyBase64: raw.toString('base64'),
  };
}

/** A fresh key held in memory only (tests). */
export function generateCheckpointKey(): CheckpointKey {
  return checkpointKeyFrom(generateKeyPairSync('ed25519').privateKey);
}

/** Where the public key is exported beside the private key file. */
export function publicKeyFiles(keyFile: string): { pem: string; base64: string } {
  const stem = keyFile.replace(/\.pem$/, '');
  return { pem: `${stem}.pub.pem`, base64: `${stem}.pub.b64` };
}

function writePublicFiles(keyFile: string, key: CheckpointKey): void {
  const files = publicKeyFiles(keyFile);
  writeFileSync(files.pem, key.publicKeyPem, { mode: 0o644 });
  writeFileSync(files.base64, `${key.publicKeyBase64}\n`, { mode: 0o644 });
}

/**
 * Reads the key file, or creates it (directory 0700, file 0600) when missing. `created` tells the
 * caller to log that a new key now signs the checkpoints.
 */
export function loadOrCreateCheckpointKey(keyFile: string): { key: CheckpointKey; created: boolean } {
  if (existsSync(keyFile)) {
    let key: CheckpointKey;
    try {
      key = checkpointKeyFrom(createPrivateKey(readFileSync(keyFile)));
    } catch (error) {
      throw new Error(`无法读取检查点签名密钥 ${keyFile}：${(error as Error).message}`, { cause: error });
    }
    if (!existsSync(publicKeyFiles(keyFile).pem)) writePublicFiles(keyFile, key);
    return { key, created: false };
  }
  mkdirSync(dirname(keyFile), { recursive: true, mode: 0o700 });
  const key = generateCheckpointKey();
  // 'wx': two instances starting at once must not overwrite each other's fresh key.
  try {
    writeFileSync(keyFile, key.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateCheckpointKey(keyFile);
    throw error;
  }
  chmodSync(keyFile, 0o600);
  writePublicFiles(keyFile, key);
  return { key, created: true };
}

/** A public key file as exported: PEM (SPKI) or the raw 32 bytes in base64. */
export function readPublicKeyFile(file: string): KeyObject {
  const text = readFileSync(file, 'utf8').trim();
  if (text.startsWith('-----BEGIN')) {
    const key = text.includes('PRIVATE KEY') ? createPublicKey(createPrivateKey(text)) : createPublicKey(text);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('不是 Ed25519 公钥');
    return key;
  }
  return publicKeyFromRaw(Buffer.from(text, 'base64'));
}
