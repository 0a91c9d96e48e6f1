// Password hashes the users file may hold: bcrypt ($2a$/$2b$/$2y$) and argon2 in PHC form
// ($argon2id$v=19$m=…,t=…,p=…$salt$hash, as `argon2` CLIs and libraries write them).
import bcrypt from 'bcryptjs';
import { argon2Verify } from 'hash-wasm';

export const BCRYPT_HASH = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/;
export const ARGON2_HASH =
  /^\$argon2(id|i|d)\$v=19\$m=\d{1,10},t=\d{1,10},p=\d{1,3}\$[A-Za-z0-9+/]{11,}\$[A-Za-z0-9+/]{16,}$/;

export function isPasswordHash(hash: string): boolean {
  return BCRYPT_HASH.test(hash) || ARGON2_HASH.test(hash);
}

/** Whether `password` matches `hash` (false for anything that is not a hash we read). */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  if (BCRYPT_HASH.test(hash)) return bcrypt.compare(password, hash);
  if (ARGON2_HASH.test(hash)) return argon2Verify({ password, hash }).catch(() => false);
  return false;
}
