'use client';
// The language for client components: a provider fed by the root layout, `useT()`, and switching languages.
import { useRouter } from 'next/navigation';
import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { DEFAULT_LANG, LANG_COOKIE, translator, type Lang, type Translate } from './messages';

const LangContext = createContext<Lang>(DEFAULT_LANG);

/** Provides the request's language (from `getLang()` in the root layout) to client components. */
export function I18nProvider({ lang, children }: { lang: Lang; children: ReactNode }) {
  return <LangContext.Provider value={lang}>{children}</LangContext.Provider>;
}

export function useLang(): Lang {
  return useContext(LangContext);
}

/** `t(key, vars?)` in the current language. */
export function useT(): Translate {
  const lang = useLang();
  return useMemo(() => translator(lang), [lang]);
}

/** The `wharf-lang` cookie line for `lang`: a year, whole site, never sent cross-site. */
export function langCookie(lang: Lang): string {
  return `${LANG_COOKIE}=${lang}; Path=/; Max-Age=31536000; SameSite=Lax`;
}

/** Switches the language: remembers it in the cookie and re-renders the server components. */
export function useSetLang(): (lang: Lang) => void {
  const router = useRouter();
  return useCallback(
    (lang: Lang) => {
      document.cookie = langCookie(lang);
      router.refresh();
    },
    [router],
  );
}
