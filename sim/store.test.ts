import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExpiredError, objectJson, Store, type StoreEvent } from './store';
import type { KubeObject } from './types';

const dirs: string[] = [];
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-store-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const pod = (name: string, ns = 'default'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: ns },
});

describe('Store', () => {
  it('stamps increasing resourceVersions and lists by namespace', async () => {
    const s = new Store(undefined);
    s.write('/pods', pod('a'), 'ADDED');
    s.write('/pods', pod('b', 'other'), 'ADDED');
    await s.flush();
    expect(s.get('/pods', 'default', 'a')?.metadata.resourceVersion).toBe('1');
    expect(s.list('/pods', 'other').map((p) => p.metadata.name)).toEqual(['b']);
    expect(s.list('/pods').length).toBe(2);
    expect(s.resourceVersion).toBe(2);
  });

  it('survives a restart with the same state: objects and resourceVersions continue', async () => {
    const dir = tmpDir();
    const s = new Store(dir);
    s.load();
    s.write('/pods', pod('a'), 'ADDED');
    s.write('/pods', pod('b'), 'ADDED');
    s.delete('/pods', 'default', 'b');
    await s.flush();
    s.close();
    const again = new Store(dir);
    expect(again.load()).toBe(true);
    expect(again.list('/pods').map((p) => p.metadata.name)).toEqual(['a']);
    expect(again.resourceVersion).toBe(3);
    again.write('/pods', pod('c'), 'ADDED');
    expect(again.get('/pods', 'default', 'c')?.metadata.resourceVersion).toBe('4');
    await again.flush();
  });

  it('drops a torn last log line instead of failing to start', async () => {
    const dir = tmpDir();
    const s = new Store(dir);
    s.load();
    s.write('/pods', pod('a'), 'ADDED');
    await s.flush();
    s.close();
    // The snapshot taken at load holds nothing; the log holds 'a'. Simulate a crash mid-append.
    fs.appendFileSync(path.join(dir, 'wal.jsonl'), '{"rv":2,"op":"put","resou');
    const again = new Store(dir);
    again.load();
    expect(again.list('/pods').map((p) => p.metadata.name)).toEqual(['a']);
    expect(again.resourceVersion).toBe(1);
  });

  it('delivers events after the write is durable, resuming from a resourceVersion', async () => {
    const s = new Store(undefined);
    s.write('/pods', pod('a'), 'ADDED');
    await s.flush();
    const seen: StoreEvent[] = [];
    const stop = s.watch('/pods', 0, (e) => seen.push(e));
    s.write('/pods', { ...pod('a'), metadata: { ...pod('a').metadata } }, 'MODIFIED');
    expect(seen.map((e) => e.type)).toEqual(['ADDED']); // not yet flushed
    await s.flush();
    expect(seen.map((e) => `${e.type}@${e.rv}`)).toEqual(['ADDED@1', 'MODIFIED@2']);
    expect(seen[1]!.old?.metadata.resourceVersion).toBe('1');
    stop();
    s.delete('/pods', 'default', 'a');
    await s.flush();
    expect(seen.length).toBe(2);
  });

  it('refuses to resume from before its retained history', () => {
    const dir = tmpDir();
    const s = new Store(dir);
    s.load();
    s.write('/pods', pod('a'), 'ADDED');
    return s.flush().then(() => {
      s.close();
      const again = new Store(dir);
      again.load();
      expect(() => again.watch('/pods', 0, () => {})).toThrow(ExpiredError);
      expect(() => again.watch('/pods', 1, () => {})).not.toThrow();
    });
  });

  it("caches an object version's JSON only while its write is in the history", async () => {
    const s = new Store(undefined, 2);
    s.write('/pods', pod('a'), 'ADDED');
    await s.flush();
    const a = s.get('/pods', 'default', 'a')!;
    const text = objectJson(a);
    // Stored objects are immutable by convention; changing one here shows which text is served.
    a.metadata.labels = { changed: 'yes' };
    expect(objectJson(a)).toBe(text);
    s.write('/pods', pod('b'), 'ADDED');
    s.write('/pods', pod('c'), 'ADDED');
    await s.flush();
    expect(JSON.parse(objectJson(a))).toEqual(a);
    // Resuming watches still get every retained event, from the history's own text.
    const seen: string[] = [];
    s.watch('/pods', 1, (e) => seen.push(e.object.metadata.name!));
    expect(seen).toEqual(['b', 'c']);
  });

  it('writes and reloads a snapshot larger than one write chunk', async () => {
    const dir = tmpDir();
    const s = new Store(dir);
    s.load();
    const big = 'x'.repeat(10_000);
    for (let i = 0; i < 300; i++) {
      s.write('/configmaps', { ...pod(`cm-${i}`), kind: 'ConfigMap', data: { big } }, 'ADDED');
    }
    s.write('/pods', pod('a', 'other'), 'ADDED');
    await s.flush();
    s.close();
    // Loading compacts the log into a snapshot; loading again reads only that snapshot.
    new Store(dir).load();
    expect(fs.readFileSync(path.join(dir, 'wal.jsonl'), 'utf8')).toBe('');
    const again = new Store(dir);
    again.load();
    expect(again.resourceVersion).toBe(301);
    expect(again.count('/configmaps')).toBe(300);
    expect(again.get('/configmaps', 'default', 'cm-299')?.data).toEqual({ big });
    expect(again.get('/pods', 'other', 'a')?.metadata.resourceVersion).toBe('301');
  });
});
