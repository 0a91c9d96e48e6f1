// What the command palette offers to jump to: built only from the projects the user may see.
import type { Project } from '../../lib/contracts/projects';
import { groupEnvironments, projectHref } from '../projects/environments';

export interface PaletteTarget {
  /** Unique, and what cmdk matches besides `keywords`. */
  id: string;
  kind: 'project' | 'environment';
  label: string;
  /** A second, quieter line: namespaces and clusters. */
  detail: string;
  keywords: string[];
  href: string;
  protected: boolean;
}

/** One entry per project and one per project environment, in the sidebar's order. */
export function paletteTargets(projects: readonly Project[]): PaletteTarget[] {
  const out: PaletteTarget[] = [];
  for (const p of projects) {
    const groups = groupEnvironments(p);
    out.push({
      id: `project:${p.name}`,
      kind: 'project',
      label: p.name,
      detail: groups.map((g) => g.env).join(' · '),
      keywords: [p.name, ...groups.map((g) => g.env)],
      href: projectHref(p.name),
      protected: false,
    });
    for (const g of groups) {
      const namespaces = g.namespaces.map((n) => n.namespace);
      const apps = g.namespaces.flatMap((n) => (n.app ? [n.app] : []));
      out.push({
        id: `env:${p.name}/${g.env}`,
        kind: 'environment',
        label: `${p.name} / ${g.env}`,
        detail: `${namespaces.join(', ')} · ${g.clusters.join(', ')}`,
        keywords: [p.name, g.env, ...namespaces, ...apps, ...g.clusters],
        href: projectHref(p.name, g.env),
        protected: g.protected,
      });
    }
  }
  return out;
}

/**
 * How well `search` matches an entry's keywords, 0 (hidden) to 1, for cmdk's `filter`: an exact
 * keyword beats a keyword's start, which beats a substring; several words must each match
 * somewhere. Predictable on purpose: `ai-prod` finds the namespace, not every project with an "a".
 */
export function paletteScore(search: string, keywords: readonly string[]): number {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return 1;
  const keys = keywords.map((k) => k.toLowerCase());
  let total = 0;
  for (const w of words) {
    let best = 0;
    for (const k of keys) {
      const score = k === w ? 1 : k.startsWith(w) ? 0.8 : k.includes(w) ? 0.5 : 0;
      if (score > best) best = score;
    }
    if (best === 0) return 0;
    total += best;
  }
  return total / words.length;
}
