import bcrypt from 'bcryptjs';
import { argon2id } from 'hash-wasm';
import { describe, expect, it } from 'vitest';
import { isPasswordHash, verifyPassword } from './password';

async function argon2(password: string): Promise<string> {
  return argon2id({
    password,
    salt: new Uint8Array(16).fill(7),
    parallelism: 1,
    iterations: 2,
    memorySize: 1024,
    hashLength: 32,
    outputType: 'encoded',
  });
}

describe('verifyPassword', () => {
  it('checks bcrypt and argon2id hashes', async () => {
    const b = await bcrypt.hash('wharf-demo', 4);
    const a = await argon2('wharf-demo');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=1024,t=2,p=1\$/);
    for (const hash of [a, b]) {
      expect(isPasswordHash(hash)).toBe(true);
      expect(await verifyPassword('wharf-demo', hash)).toBe(true);
      expect(await verifyPassword('wharf-demO', hash)).toBe(false);
    }
  });

  it('refuses what is not a hash it reads', async () => {
    for (const hash of ['wharf-demo', '', '$argon2id$v=19$m=1,t=1,p=1$xx$yy', '$1$abc$def']) {
      expect(isPasswordHash(hash)).toBe(false);
      expect(await verifyPassword('wharf-demo', hash)).toBe(false);
    }
  });
});
