// Bearer tokens in kube-apiserver's static token file format (`token,user,uid,"group1,group2"`), kept in the state dir.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { UserInfo } from './types';

export interface TokenEntry {
  token: string;
  user: UserInfo;
}

export function parseTokenFile(text: string): TokenEntry[] {
  const out: TokenEntry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^([^,]+),([^,]+),([^,]*)(?:,"?([^"]*)"?)?$/.exec(line);
    if (!m) throw new Error(`token file: cannot parse line "${line}"`);
    const groups = m[4] ? m[4].split(',').filter((g) => g !== '') : [];
    out.push({ token: m[1]!, user: { username: m[2]!, uid: m[3] || undefined, groups } });
  }
  return out;
}

export function renderTokenFile(entries: TokenEntry[]): string {
  return (
    entries
      .map(
        (e) =>
          `${e.token},${e.user.username},${e.user.uid ?? e.user.username},"${e.user.groups.join(',')}"`,
      )
      .join('\n') + '\n'
  );
}

/** Reads `tokens.csv`, adding a token for any user that lacks one (new demo users keep old tokens valid). */
export function loadOrCreateTokens(
  stateDir: string,
  users: readonly { username: string; groups: string[] }[],
  generate: () => string,
): TokenEntry[] {
  const file = path.join(stateDir, 'tokens.csv');
  const entries = fs.existsSync(file) ? parseTokenFile(fs.readFileSync(file, 'utf8')) : [];
  let changed = !fs.existsSync(file);
  for (const u of users) {
    if (entries.some((e) => e.user.username === u.username)) continue;
    entries.push({
      token: generate(),
      user: { username: u.username, uid: u.username, groups: u.groups },
    });
    changed = true;
  }
  if (changed) {
    fs.mkdirSync(stateDir, { recursive: true });
    const tmp = `${file}.tmp`;
    fs.writeFileSync(tmp, renderTokenFile(entries), { mode: 0o600 });
    fs.renameSync(tmp, file);
  }
  return entries;
}

/** A fresh bearer token: 32 random bytes, base64url (safe in headers, URLs and the token file). */
export function generateToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}
