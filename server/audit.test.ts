// The audit log: JSON lines to stdout and a file, size rotation keeping one old file, never failing a call.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog, outcomeOf, type AuditRecord } from './audit';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-audit-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const record = (name: string): AuditRecord => ({
  time: '2026-01-01T00:00:00.000Z',
  user: 'alice',
  groups: ['wharf:users'],
  cluster: 'dev-cluster',
  namespace: 'ai-test',
  verb: 'delete',
  resource: 'pods',
  name,
  outcome: 'allowed',
  code: 200,
});

const read = (f: string) =>
  fs
    .readFileSync(f, 'utf8')
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as AuditRecord).name);

describe('createAuditLog', () => {
  it('appends one JSON line per record to the file and stdout', () => {
    const out: string[] = [];
    const log = createAuditLog({ dir: path.join(dir, 'nested'), stdout: (l) => out.push(l) });
    log.write(record('a'));
    log.write(record('b'));
    expect(log.file).toBe(path.join(dir, 'nested', 'audit.log'));
    expect(read(log.file!)).toEqual(['a', 'b']);
    expect(out.map((l) => l.endsWith('\n'))).toEqual([true, true]);
    expect(JSON.parse(out[0]!)).toMatchObject({ ...record('a'), type: 'wharf.audit' });
  });

  it('appends to an existing file after a restart', () => {
    createAuditLog({ dir, stdout: () => {} }).write(record('before'));
    createAuditLog({ dir, stdout: () => {} }).write(record('after'));
    expect(read(path.join(dir, 'audit.log'))).toEqual(['before', 'after']);
  });

  it('rotates past maxBytes, keeping exactly one old file', () => {
    const lineBytes = JSON.stringify({ type: 'wharf.audit', ...record('n0') }).length + 1;
    const log = createAuditLog({ dir, maxBytes: lineBytes * 2, stdout: () => {} });
    for (let i = 0; i < 7; i++) log.write(record(`n${i}`));
    expect(read(path.join(dir, 'audit.log'))).toEqual(['n6']);
    expect(read(path.join(dir, 'audit.log.1'))).toEqual(['n4', 'n5']);
    expect(fs.readdirSync(dir).sort()).toEqual(['audit.log', 'audit.log.1']);
  });

  it('keeps going (stdout only) when the file cannot be written', () => {
    const blocked = path.join(dir, 'file');
    fs.writeFileSync(blocked, 'not a directory');
    const out: string[] = [];
    const log = createAuditLog({ dir: blocked, stdout: (l) => out.push(l) });
    const errors: unknown[] = [];
    const orig = console.error;
    console.error = (...a: unknown[]) => errors.push(a);
    try {
      expect(() => log.write(record('x'))).not.toThrow();
      log.write(record('y'));
    } finally {
      console.error = orig;
    }
    expect(out).toHaveLength(2);
    expect(errors).toHaveLength(1);
  });
});

describe('outcomeOf', () => {
  it.each([
    [200, 'allowed'],
    [204, 'allowed'],
    [401, 'denied'],
    [403, 'denied'],
    [409, 'error'],
    [422, 'error'],
    [500, 'error'],
  ])('%i is %s', (code, outcome) => expect(outcomeOf(code)).toBe(outcome));
});
