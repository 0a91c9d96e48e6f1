// The language of the current request and its `t(key)`, for server components, layouts and route handlers.
import { cookies, headers } from 'next/headers';
import { LANG_COOKIE, resolveLang, translator, type Lang, type Translate } from './messages';

/** The signed-in (or anonymous) user's language: the `wharf-lang` cookie, else Accept-Language. */
export async function getLang(): Promise<Lang> {
  const [jar, hdrs] = await Promise.all([cookies(), headers()]);
  return resolveLang(jar.get(LANG_COOKIE)?.value, hdrs.get('accept-language'));
}

/** `t(key, vars?)` in the request's language. */
export async function getT(): Promise<Translate> {
  return translator(await getLang());
}
