import { describe, expect, it } from 'vitest';
import {
  addDir,
  addFile,
  copy,
  createFs,
  mkdir,
  move,
  readDir,
  readFile,
  remove,
  resolvePath,
  stat,
  touch,
  writeFile,
} from './fs';

const now = 1_000;

describe('fake filesystem', () => {
  it('resolves paths like the kernel', () => {
    expect(resolvePath('/app', 'config/../x')).toBe('/app/x');
    expect(resolvePath('/app', '/etc//hosts/')).toBe('/etc/hosts');
    expect(resolvePath('/', '../..')).toBe('/');
  });

  it('writes, appends, reads and lists', () => {
    const fs = createFs(now);
    addDir(fs, '/tmp', { now });
    expect(writeFile(fs, '/tmp/a', 'one\n', { now })).toEqual({ ok: true, value: undefined });
    writeFile(fs, '/tmp/a', 'two\n', { now, append: true });
    expect(readFile(fs, '/tmp/a')).toEqual({ ok: true, value: 'one\ntwo\n' });
    expect(readDir(fs, '/tmp')).toMatchObject({ ok: true, value: [['a', { kind: 'file' }]] });
    expect(fs.used).toBe(8);
  });

  it('returns POSIX errors', () => {
    const fs = createFs(now);
    addFile(fs, '/etc/hostname', 'x', { now });
    expect(readFile(fs, '/nope')).toEqual({ ok: false, error: 'ENOENT' });
    expect(readFile(fs, '/etc')).toEqual({ ok: false, error: 'EISDIR' });
    expect(stat(fs, '/etc/hostname/x')).toEqual({ ok: false, error: 'ENOTDIR' });
    expect(writeFile(fs, '/no/dir/f', 'x', { now })).toEqual({ ok: false, error: 'ENOENT' });
    expect(mkdir(fs, '/etc', { now })).toEqual({ ok: false, error: 'EEXIST' });
    expect(remove(fs, '/etc')).toEqual({ ok: false, error: 'EISDIR' });
    expect(remove(fs, '/etc', { dirOnly: true })).toEqual({ ok: false, error: 'ENOTEMPTY' });
    expect(remove(fs, '/')).toEqual({ ok: false, error: 'EINVAL' });
  });

  it('keeps read-only mounts read-only', () => {
    const fs = createFs(now);
    addDir(fs, '/app/config', { now, readOnly: true });
    addFile(fs, '/app/config/application.properties', 'a=1', { now, readOnly: true });
    expect(writeFile(fs, '/app/config/new', 'x', { now })).toEqual({ ok: false, error: 'EROFS' });
    expect(writeFile(fs, '/app/config/application.properties', 'x', { now })).toEqual({
      ok: false,
      error: 'EROFS',
    });
    expect(remove(fs, '/app/config/application.properties')).toEqual({ ok: false, error: 'EROFS' });
    expect(touch(fs, '/app/config/application.properties', now)).toEqual({
      ok: false,
      error: 'EROFS',
    });
  });

  it('caps what users may write', () => {
    const fs = createFs(now, 10);
    expect(writeFile(fs, '/a', '12345678', { now }).ok).toBe(true);
    expect(writeFile(fs, '/a', 'abc', { now, append: true })).toEqual({
      ok: false,
      error: 'ENOSPC',
    });
    expect(writeFile(fs, '/a', 'abc', { now }).ok).toBe(true);
    expect(remove(fs, '/a').ok).toBe(true);
    expect(fs.used).toBe(0);
  });

  it('copies and moves files and trees', () => {
    const fs = createFs(now);
    mkdir(fs, '/a/b', { now, parents: true });
    writeFile(fs, '/a/b/f', 'x', { now });
    expect(copy(fs, '/a', '/c', { now })).toEqual({ ok: false, error: 'EISDIR' });
    expect(copy(fs, '/a', '/c', { now, recursive: true }).ok).toBe(true);
    expect(readFile(fs, '/c/b/f')).toEqual({ ok: true, value: 'x' });
    expect(copy(fs, '/a', '/a/b', { now, recursive: true })).toEqual({
      ok: false,
      error: 'EINVAL',
    });
    expect(move(fs, '/c/b/f', '/a', now).ok).toBe(true);
    expect(readFile(fs, '/a/f')).toEqual({ ok: true, value: 'x' });
    expect(stat(fs, '/c/b/f').ok).toBe(false);
  });
});
