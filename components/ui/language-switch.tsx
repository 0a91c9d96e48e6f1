'use client';
// Switches the console between English and Chinese; the choice is kept in the `wharf-lang` cookie.
import { useLang, useSetLang, useT } from '../../lib/i18n/client';
import { LANGS } from '../../lib/i18n/messages';
import styles from './language-switch.module.css';

export function LanguageSwitch() {
  const t = useT();
  const lang = useLang();
  const setLang = useSetLang();
  return (
    <div role="group" aria-label={t('lang.label')} className={styles.switch}>
      {LANGS.map((l) => (
        <button
          key={l}
          type="button"
          className={styles.option}
          aria-pressed={l === lang}
          // each name in its own language, so a reader of either finds theirs
          lang={l === 'zh' ? 'zh-CN' : 'en'}
          onClick={() => {
            if (l !== lang) setLang(l);
          }}
        >
          {t(l === 'en' ? 'lang.en' : 'lang.zh')}
        </button>
      ))}
    </div>
  );
}
