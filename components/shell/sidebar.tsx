'use client';
// The left navigation: the overview, then the user's projects, each with its environments
// (expanded for the project being looked at, a chevron for the others).
import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import type { Project } from '../../lib/contracts/projects';
import { useT } from '../../lib/i18n/client';
import { groupEnvironments, projectHref, selectEnvironment } from '../projects/environments';
import { ChevronRightIcon, FolderIcon, GridIcon, LockIcon } from './icons';
import styles from './shell.module.css';

function currentProject(pathname: string): string | undefined {
  const m = /^\/projects\/([^/]+)/.exec(pathname);
  if (!m?.[1]) return undefined;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return undefined;
  }
}

function ProjectItem({
  project,
  active,
  activeEnv,
}: {
  project: Project;
  active: boolean;
  activeEnv: string | undefined;
}) {
  const t = useT();
  const [toggled, setToggled] = useState<boolean | undefined>(undefined);
  const expanded = toggled ?? active;
  const groups = groupEnvironments(project);
  const shownEnv = active ? selectEnvironment(groups, activeEnv)?.env : undefined;
  const listId = `nav-envs-${project.name}`;
  return (
    <li>
      <div className={styles.navRow}>
        <Link
          href={projectHref(project.name)}
          className={styles.navItem}
          data-active={active || undefined}
          data-testid="sidebar-project"
          title={project.name}
        >
          <FolderIcon size={15} />
          <span className={styles.truncate}>{project.name}</span>
        </Link>
        {groups.length > 0 ? (
          <button
            type="button"
            className={styles.navToggle}
            aria-expanded={expanded}
            aria-controls={listId}
            aria-label={t('shell.projectEnvs', { project: project.name })}
            onClick={() => setToggled(!expanded)}
          >
            <ChevronRightIcon size={14} />
          </button>
        ) : null}
      </div>
      <ul id={listId} className={styles.envList} hidden={!expanded}>
        {groups.map((g) => (
          <li key={g.env}>
            <Link
              href={projectHref(project.name, g.env)}
              className={styles.envItem}
              aria-current={g.env === shownEnv ? 'page' : undefined}
              title={`${g.env} · ${g.namespaces.map((n) => n.namespace).join(', ')} · ${g.clusters.join(', ')}`}
            >
              <span className={styles.envDot} data-protected={g.protected || undefined} />
              <span className={styles.truncate}>{g.env}</span>
              {g.protected ? (
                <LockIcon
                  size={12}
                  className={styles.envLock}
                  aria-label={t('project.protected')}
                />
              ) : null}
            </Link>
          </li>
        ))}
      </ul>
    </li>
  );
}

export function Sidebar({
  projects,
  loadFailed = false,
}: {
  projects: readonly Project[];
  loadFailed?: boolean;
}) {
  const t = useT();
  const pathname = usePathname();
  const env = useSearchParams().get('env') ?? undefined;
  const active = currentProject(pathname);
  return (
    <nav aria-label={t('shell.mainNav')} className={styles.sidebarNav}>
      <Link
        href="/"
        className={styles.navItem}
        aria-current={pathname === '/' ? 'page' : undefined}
        data-active={pathname === '/' || undefined}
      >
        <GridIcon size={15} />
        <span>{t('shell.overview')}</span>
      </Link>
      <h2 className={styles.navHeading}>
        <span>{t('shell.projects')}</span>
        {projects.length > 0 ? <span className={styles.navCount}>{projects.length}</span> : null}
      </h2>
      {loadFailed ? (
        <p className={styles.navEmpty}>{t('home.projectsError')}</p>
      ) : projects.length === 0 ? (
        <p className={styles.navEmpty}>{t('shell.noProjects')}</p>
      ) : (
        <ul className={styles.navList} data-testid="sidebar-projects">
          {projects.map((p) => (
            <ProjectItem
              key={p.name}
              project={p}
              active={p.name === active}
              activeEnv={p.name === active ? env : undefined}
            />
          ))}
        </ul>
      )}
    </nav>
  );
}
