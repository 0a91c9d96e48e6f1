// The console's UI strings in English and Simplified Chinese, and the pure lookup both server and client use.

/** Languages the console speaks; the first is the default. */
export const LANGS = ['en', 'zh'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'en';

/** The cookie that remembers the user's choice (read on the server, written by the language switch). */
export const LANG_COOKIE = 'wharf-lang';

// English is the source of truth: its keys are the type every other language must fill.
const en = {
  'app.name': 'Wharf',
  'app.tagline': 'Self-service console for your Kubernetes platform',
  'lang.label': 'Language',
  'lang.en': 'English',
  'lang.zh': '中文',
  'login.pageTitle': 'Sign in',
  'login.heading': 'Sign in to your account',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.submitting': 'Signing in…',
  'login.sso': 'Sign in with SSO',
  'login.or': 'or',
  'login.usernameRequired': 'Enter your username',
  'login.passwordRequired': 'Enter your password',
  'login.error.invalid': 'Invalid username or password',
  'login.error.rateLimited':
    'Too many failed sign-in attempts for this user. Wait a few minutes and try again.',
  'login.error.sso': 'Single sign-on failed. Try again or ask your platform team.',
  'login.error.generic': 'Sign-in failed. Try again.',
  'login.error.network': 'The console could not be reached. Check your connection and try again.',
  'auth.signedInAs': 'Signed in as {username}',
  'auth.signOut': 'Sign out',
} as const;

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;

const zh: Messages = {
  'app.name': 'Wharf',
  'app.tagline': '面向 Kubernetes 平台的自助控制台',
  'lang.label': '语言',
  'lang.en': 'English',
  'lang.zh': '中文',
  'login.pageTitle': '登录',
  'login.heading': '登录您的账户',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.submitting': '正在登录…',
  'login.sso': '使用 SSO 登录',
  'login.or': '或',
  'login.usernameRequired': '请输入用户名',
  'login.passwordRequired': '请输入密码',
  'login.error.invalid': '用户名或密码错误',
  'login.error.rateLimited': '该用户登录失败次数过多，请几分钟后再试。',
  'login.error.sso': '单点登录失败，请重试或联系平台团队。',
  'login.error.generic': '登录失败，请重试。',
  'login.error.network': '无法连接控制台，请检查网络后重试。',
  'auth.signedInAs': '当前用户：{username}',
  'auth.signOut': '退出登录',
};

export const MESSAGES: Record<Lang, Messages> = { en, zh };

export type TranslationVars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: TranslationVars) => string;

/** The message for `key` in `lang`, with `{name}` placeholders filled from `vars` (unknown ones kept). */
export function translate(lang: Lang, key: MessageKey, vars?: TranslationVars): string {
  const text = MESSAGES[lang][key];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    return value === undefined ? whole : String(value);
  });
}

/** A `t(key)` bound to one language. */
export function translator(lang: Lang): Translate {
  return (key, vars) => translate(lang, key, vars);
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/**
 * The language from the cookie if it names one we speak, else the first Accept-Language entry we
 * speak (`zh-CN`, `zh-Hans` → `zh`), else English.
 */
export function resolveLang(
  cookie: string | undefined | null,
  acceptLanguage?: string | null,
): Lang {
  if (isLang(cookie)) return cookie;
  if (acceptLanguage) {
    const ranked = acceptLanguage
      .split(',')
      .map((part) => {
        const [tag = '', ...params] = part.trim().split(';');
        const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
        const weight = q ? Number(q.slice(2)) : 1;
        return { base: tag.trim().toLowerCase().split('-')[0] ?? '', weight };
      })
      .filter((e) => e.base !== '' && Number.isFinite(e.weight) && e.weight > 0)
      .sort((a, b) => b.weight - a.weight);
    for (const entry of ranked) if (isLang(entry.base)) return entry.base;
  }
  return DEFAULT_LANG;
}
