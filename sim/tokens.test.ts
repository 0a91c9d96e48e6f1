// Tests for the demo users: who is there, their groups, and the tokens they get.
import { describe, expect, it } from 'vitest';
import { generateToken } from './tokens';
import { CONSOLE_USER, DEMO_PASSWORD, DEMO_USERS } from '../lib/demo-users';

describe('DEMO_USERS', () => {
  it('has the seven demo users, once each', () => {
    const names = DEMO_USERS.map((u) => u.username);
    expect(names).toEqual(['admin', 'alice', 'bob', 'olivia', 'victor', 'hana', 'wharf-console']);
    expect(new Set(names).size).toBe(names.length);
    expect(CONSOLE_USER).toBe('wharf-console');
    expect(DEMO_PASSWORD).toBe('wharf-demo');
  });

  it('puts admin alone in the platform admins group and people in wharf:users', () => {
    for (const u of DEMO_USERS) {
      expect(u.description.length).toBeGreaterThan(0);
      if (u.username === 'admin') expect(u.groups).toEqual(['wharf:platform-admins']);
      else if (u.username === CONSOLE_USER) expect(u.groups).toEqual([]);
      else expect(u.groups).toEqual(['wharf:users']);
    }
  });

  it('uses names and groups the static token file can hold', () => {
    // sim/tokens.ts writes `token,user,uid,"g1,g2"`: no commas or quotes in names, none in groups.
    for (const u of DEMO_USERS) {
      expect(u.username).toMatch(/^[a-z][a-z0-9-]*$/);
      for (const g of u.groups) expect(g).not.toMatch(/[,"\s]/);
    }
  });
});

describe('generateToken', () => {
  it('gives url-safe tokens of 256 bits that never repeat', () => {
    const tokens = DEMO_USERS.map(() => generateToken());
    for (const t of tokens) expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set(tokens).size).toBe(tokens.length);
  });
});
