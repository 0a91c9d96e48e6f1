'use client';
// The deploy and update form: the app model as a form or as YAML (the two round-trip), the quota
// preflight before submit, and the API's refusals shown on their fields or in words.
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { AppModelSchema, type AppModel, type Manifest } from '../../lib/apps/app-model';
import { appYaml, parseAppYaml } from '../../lib/apps/app-yaml';
import type { PreflightBody } from '../../lib/contracts/apps';
import { useT } from '../../lib/i18n/client';
import { appHref } from '../../lib/routes';
import { useCan } from '../hooks/use-can';
import { Notice } from '../shell/page-parts';
import { Button } from '../ui/button';
import { ApiFailure, appsApi } from './api';
import styles from './deploy.module.css';
import {
  BasicsSection,
  EnvSection,
  PortsSection,
  ProbesSection,
  ResourcesSection,
  StrategySection,
  type Errors,
} from './form-sections';
import { PreflightPanel, usePreflight } from './preflight-panel';
import { YamlEditor } from './yaml-editor';

/** A namespace of the env an app may be deployed to; `app` is set in per-app layouts. */
export interface DeployTarget {
  cluster: string;
  namespace: string;
  app?: string;
}

export type AppFormProps = {
  project: string;
  env: string;
  initial: AppModel;
} & (
  | { mode: 'create'; targets: DeployTarget[] }
  | {
      mode: 'update';
      target: DeployTarget;
      /** The app's current objects, under the YAML view. */
      base: { deployment: Manifest; service?: Manifest };
      resourceVersion: string;
      generation: number;
    }
);

function issuesOf(model: AppModel): Errors {
  const parsed = AppModelSchema.safeParse(model);
  const out: Errors = {};
  if (!parsed.success) for (const i of parsed.error.issues) out[i.path.join('.')] ??= i.message;
  return out;
}

/** Where a new app goes: the env's namespace, or in a per-app layout the app's own one. */
function targetOf(props: AppFormProps, name: string): DeployTarget | undefined {
  if (props.mode === 'update') return props.target;
  const perApp = props.targets.some((t) => t.app);
  return perApp ? props.targets.find((t) => t.app === name) : props.targets[0];
}

export function AppForm(props: AppFormProps) {
  const t = useT();
  const router = useRouter();
  const { project, env, mode } = props;
  const base = props.mode === 'update' ? props.base : undefined;
  const [model, setModel] = useState<AppModel>(props.initial);
  const [tab, setTab] = useState<'form' | 'yaml'>('form');
  const [yaml, setYaml] = useState('');
  const [yamlErrors, setYamlErrors] = useState<string[]>([]);
  const [touched, setTouched] = useState(false);
  const [serverErrors, setServerErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [busy, setBusy] = useState(false);

  const target = targetOf(props, model.name);
  const perApp = props.mode === 'create' && props.targets.some((x) => x.app);
  const clientErrors = useMemo(() => issuesOf(model), [model]);
  const valid = Object.keys(clientErrors).length === 0;
  const errors: Errors = { ...(touched ? clientErrors : {}), ...serverErrors };

  const can = useCan(
    target
      ? [
          {
            cluster: target.cluster,
            namespace: target.namespace,
            group: 'apps',
            resource: 'deployments',
            verb: mode === 'create' ? 'create' : 'update',
          },
        ]
      : [],
  );
  const allowed = can?.[0] === true;

  const yamlParsed = useMemo(() => (tab === 'yaml' ? parseAppYaml(yaml) : undefined), [tab, yaml]);
  const preflightBody: PreflightBody | undefined =
    tab === 'yaml'
      ? yamlParsed?.ok
        ? { yaml, ...(mode === 'update' ? { app: model.name } : {}) }
        : undefined
      : valid
        ? { model, ...(mode === 'update' ? { app: model.name } : {}) }
        : undefined;
  const preflight = usePreflight(
    allowed ? target : undefined,
    preflightBody,
    props.mode === 'update' ? props.generation : undefined,
  );

  const set = (patch: Partial<AppModel>) => {
    setModel((m) => ({ ...m, ...patch }));
    setServerErrors({});
  };

  const showYaml = () => {
    setYaml(appYaml(model, project, base));
    setYamlErrors([]);
    setTab('yaml');
  };
  const showForm = () => {
    const r = parseAppYaml(yaml);
    if (!r.ok) {
      setYamlErrors(
        r.errors.map((e) => t('deploy.yaml.lineError', { line: e.line, message: e.message })),
      );
      return;
    }
    setModel(r.model);
    setTab('form');
  };

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setTouched(true);
    setFailure(null);
    if (!target) return;
    const source = tab === 'yaml' ? { yaml } : { model };
    if (tab === 'form' && !valid) return;
    if (tab === 'yaml' && !yamlParsed?.ok) return;
    setBusy(true);
    try {
      if (props.mode === 'create') {
        const res = await appsApi.create(target, source);
        router.push(appHref(project, res.name, env));
      } else {
        await appsApi.update(
          { ...target, app: model.name },
          { ...source, resourceVersion: props.resourceVersion, generation: props.generation },
        );
        router.refresh();
      }
    } catch (err) {
      const f = err instanceof ApiFailure ? err : new ApiFailure({ code: 0, message: String(err) });
      setFailure(f);
      setServerErrors(f.fieldErrors());
    } finally {
      setBusy(false);
    }
  }

  const blocked = preflight.data?.fits === false;
  const reason = !target
    ? undefined
    : can === undefined
      ? t('deploy.checkingAccess')
      : !allowed
        ? t('deploy.notAllowed', { namespace: target.namespace })
        : blocked
          ? t('deploy.preflight.blocked')
          : undefined;
  const sectionProps = { model, set, errors, existing: mode === 'update' };

  return (
    <form
      className={styles.form}
      onSubmit={submit}
      noValidate
      aria-label={t(mode === 'create' ? 'deploy.formCreate' : 'deploy.formUpdate')}
    >
      {failure ? (
        <Notice tone="error">
          {failure.status.code === 409 && failure.status.reason !== 'AlreadyExists' ? (
            <span className={styles.inline}>
              {t('deploy.conflict')}
              <Button variant="secondary" onClick={() => router.refresh()}>
                {t('deploy.reload')}
              </Button>
            </span>
          ) : (
            failure.message
          )}
        </Notice>
      ) : null}

      <div className={styles.target}>
        <span>{t('deploy.target')}</span>
        {target ? (
          <strong>
            {target.namespace} · {target.cluster}
          </strong>
        ) : perApp ? (
          <span className={styles.muted}>
            {model.name
              ? t('deploy.noAppNamespace', {
                  namespace: `${project}-${model.name}-${env}`,
                  project,
                })
              : t('deploy.perAppHint', { project })}
          </span>
        ) : (
          <span className={styles.muted}>{t('deploy.noEnvNamespace', { env })}</span>
        )}
      </div>

      <div role="tablist" aria-label={t('deploy.editorMode')} className={styles.tabs}>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'form'}
          className={styles.tab}
          onClick={() => (tab === 'yaml' ? showForm() : undefined)}
        >
          {t('deploy.tab.form')}
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'yaml'}
          className={styles.tab}
          onClick={() => (tab === 'form' ? showYaml() : undefined)}
        >
          {t('deploy.tab.yaml')}
        </button>
      </div>

      {tab === 'form' ? (
        <div className={styles.sections}>
          <BasicsSection {...sectionProps} />
          <PortsSection {...sectionProps} />
          <EnvSection {...sectionProps} />
          <ResourcesSection {...sectionProps} />
          <ProbesSection {...sectionProps} />
          <StrategySection {...sectionProps} />
        </div>
      ) : (
        <div className={styles.section}>
          {yamlErrors.length ? (
            <Notice tone="error">
              {t('deploy.yaml.fixFirst')}
              <ul>
                {yamlErrors.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            </Notice>
          ) : null}
          <YamlEditor
            value={yaml}
            onChange={setYaml}
            label={t('deploy.yaml.label')}
            check={(text) => {
              const r = parseAppYaml(text);
              return r.ok ? [] : r.errors;
            }}
          />
          {yamlParsed && !yamlParsed.ok ? (
            <p className={styles.fieldError} role="status">
              {t('deploy.yaml.errors', { count: yamlParsed.errors.length })}:{' '}
              {yamlParsed.errors
                .map((e) => t('deploy.yaml.lineError', { line: e.line, message: e.message }))
                .join('; ')}
            </p>
          ) : null}
        </div>
      )}

      {target && allowed ? (
        <PreflightPanel
          result={preflightBody ? preflight.data : undefined}
          error={preflight.error}
          pending={preflight.isFetching}
        />
      ) : null}

      <div className={styles.actions}>
        {reason ? (
          <p className={styles.muted} id="submit-reason">
            {reason}
          </p>
        ) : null}
        <Button
          type="submit"
          disabled={busy || !target || !allowed || blocked}
          aria-describedby={reason ? 'submit-reason' : undefined}
        >
          {busy
            ? t('deploy.submitting')
            : t(mode === 'create' ? 'deploy.submitCreate' : 'deploy.submitUpdate')}
        </Button>
      </div>
    </form>
  );
}
