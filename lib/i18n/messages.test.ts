import { describe, expect, it } from 'vitest';
import { LANGS, MESSAGES, isLang, resolveLang, translate, translator } from './messages';

describe('messages', () => {
  it('has every key in every language, none empty', () => {
    const keys = Object.keys(MESSAGES.en).sort();
    for (const lang of LANGS) {
      expect(Object.keys(MESSAGES[lang]).sort()).toEqual(keys);
      for (const text of Object.values(MESSAGES[lang])) expect(text.trim()).not.toBe('');
    }
  });

  it('speaks the sign-in words the issue names', () => {
    const zh = translator('zh');
    expect([zh('login.username'), zh('login.password'), zh('login.submit')]).toEqual([
      '用户名',
      '密码',
      '登录',
    ]);
    expect(zh('login.error.invalid')).toBe('用户名或密码错误');
    expect(translate('en', 'login.error.invalid')).toBe('Invalid username or password');
  });

  it('fills placeholders and keeps unknown ones', () => {
    expect(translate('en', 'auth.signedInAs', { username: 'alice' })).toBe('Signed in as alice');
    expect(translate('zh', 'auth.signedInAs', { username: 'bob' })).toBe('当前用户：bob');
    expect(translate('en', 'auth.signedInAs', { user: 'x' })).toBe('Signed in as {username}');
    expect(translate('en', 'auth.signedInAs')).toBe('Signed in as {username}');
  });
});

describe('resolveLang', () => {
  it('prefers the cookie', () => {
    expect(resolveLang('zh', 'en-US')).toBe('zh');
    expect(resolveLang('en', 'zh-CN')).toBe('en');
  });

  it('falls back to Accept-Language, by weight', () => {
    expect(resolveLang(undefined, 'zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh');
    expect(resolveLang(undefined, 'fr;q=1, en;q=0.5, zh-Hans;q=0.7')).toBe('zh');
    expect(resolveLang(null, 'de-DE, fr')).toBe('en');
  });

  it('ignores bad cookies and headers', () => {
    expect(resolveLang('klingon', null)).toBe('en');
    expect(resolveLang('', '')).toBe('en');
    expect(resolveLang('ZH', ';;,q=abc')).toBe('en');
    expect(resolveLang(undefined, 'zh;q=0, en;q=0.1')).toBe('en');
    expect(isLang('zh')).toBe(true);
    expect(isLang(42)).toBe(false);
  });
});
