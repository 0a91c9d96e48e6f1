// Breadcrumbs above a page's title: links up the tree, the last item is the page itself.
import Link from 'next/link';
import { ChevronRightIcon } from './icons';
import styles from './shell.module.css';

export interface Crumb {
  label: string;
  href?: string;
}

export function Breadcrumbs({ items, label }: { items: readonly Crumb[]; label: string }) {
  return (
    <nav aria-label={label} className={styles.breadcrumbs}>
      <ol>
        {items.map((c, i) => {
          const last = i === items.length - 1;
          return (
            <li key={`${i}-${c.label}`}>
              {c.href && !last ? (
                <Link href={c.href} title={c.label}>
                  {c.label}
                </Link>
              ) : (
                <span aria-current={last ? 'page' : undefined} title={c.label}>
                  {c.label}
                </span>
              )}
              {last ? null : <ChevronRightIcon size={12} className={styles.crumbSep} />}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
