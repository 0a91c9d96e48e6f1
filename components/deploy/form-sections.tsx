'use client';
// The deploy form's sections: image and replicas, ports and Service, environment, resources,
// probes and strategy. Each edits one part of the app model and shows that part's field errors.
import type { AppModel, EnvVar, Probe } from '../../lib/apps/app-model';
import { useT } from '../../lib/i18n/client';
import type { MessageKey } from '../../lib/i18n/messages';
import { XIcon } from '../shell/icons';
import { Button } from '../ui/button';
import { TextField } from '../ui/text-field';
import styles from './deploy.module.css';

export type Errors = Record<string, string>;
type SetModel = (patch: Partial<AppModel>) => void;

interface SectionProps {
  model: AppModel;
  set: SetModel;
  errors: Errors;
  /** Fields that may not change (the name of an existing app). */
  existing: boolean;
}

function toNumber(v: string): number {
  return v.trim() === '' ? NaN : Number(v);
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <fieldset className={styles.section}>
      <legend className={styles.sectionTitle}>{title}</legend>
      {children}
    </fieldset>
  );
}

function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Button
      variant="ghost"
      aria-label={label}
      title={label}
      onClick={onClick}
      className={styles.iconButton}
    >
      <XIcon size={16} />
    </Button>
  );
}

export function BasicsSection({ model, set, errors, existing }: SectionProps) {
  const t = useT();
  return (
    <Section title={t('deploy.section.basics')}>
      <div className={styles.grid}>
        <TextField
          id="app-name"
          label={t('deploy.field.name')}
          value={model.name}
          readOnly={existing}
          autoComplete="off"
          spellCheck={false}
          error={errors.name}
          onChange={(e) => set({ name: e.target.value })}
        />
        <TextField
          id="app-replicas"
          label={t('deploy.field.replicas')}
          type="number"
          min={0}
          max={50}
          value={Number.isNaN(model.replicas) ? '' : model.replicas}
          error={errors.replicas}
          onChange={(e) => set({ replicas: toNumber(e.target.value) })}
        />
      </div>
      <TextField
        id="app-image"
        label={t('deploy.field.image')}
        placeholder="registry.wharf.local/team/app:1.0.0"
        value={model.image}
        autoComplete="off"
        spellCheck={false}
        error={errors.image}
        onChange={(e) => set({ image: e.target.value })}
      />
    </Section>
  );
}

export function PortsSection({ model, set, errors }: SectionProps) {
  const t = useT();
  const update = (i: number, patch: Partial<AppModel['ports'][number]>) =>
    set({ ports: model.ports.map((p, j) => (j === i ? { ...p, ...patch } : p)) });
  return (
    <Section title={t('deploy.section.ports')}>
      {model.ports.map((p, i) => (
        <div key={i} className={styles.row}>
          <TextField
            id={`port-${i}-name`}
            label={t('deploy.field.portName')}
            value={p.name}
            error={errors[`ports.${i}.name`]}
            onChange={(e) => update(i, { name: e.target.value })}
          />
          <TextField
            id={`port-${i}-container`}
            label={t('deploy.field.containerPort')}
            type="number"
            value={Number.isNaN(p.containerPort) ? '' : p.containerPort}
            error={errors[`ports.${i}.containerPort`]}
            onChange={(e) => update(i, { containerPort: toNumber(e.target.value) })}
          />
          <TextField
            id={`port-${i}-service`}
            label={t('deploy.field.servicePort')}
            type="number"
            value={Number.isNaN(p.servicePort) ? '' : p.servicePort}
            error={errors[`ports.${i}.servicePort`]}
            onChange={(e) => update(i, { servicePort: toNumber(e.target.value) })}
          />
          <RemoveButton
            label={t('deploy.removePort', { name: p.name || String(i + 1) })}
            onClick={() => set({ ports: model.ports.filter((_, j) => j !== i) })}
          />
        </div>
      ))}
      {errors.ports ? <p className={styles.fieldError}>{errors.ports}</p> : null}
      <div className={styles.inline}>
        <Button
          variant="secondary"
          onClick={() =>
            set({
              ports: [
                ...model.ports,
                { name: `port-${model.ports.length + 1}`, containerPort: 8080, servicePort: 8080 },
              ],
            })
          }
        >
          {t('deploy.addPort')}
        </Button>
        <label className={styles.check}>
          <input
            type="checkbox"
            checked={model.service}
            onChange={(e) => set({ service: e.target.checked })}
          />
          {t('deploy.field.service')}
        </label>
      </div>
    </Section>
  );
}

const SOURCES: { value: EnvVar['source']; label: MessageKey }[] = [
  { value: 'value', label: 'deploy.env.value' },
  { value: 'configMap', label: 'deploy.env.configMap' },
  { value: 'secret', label: 'deploy.env.secret' },
];

export function EnvSection({ model, set, errors }: SectionProps) {
  const t = useT();
  const update = (i: number, next: EnvVar) =>
    set({ env: model.env.map((e, j) => (j === i ? next : e)) });
  return (
    <Section title={t('deploy.section.env')}>
      {model.env.length === 0 ? <p className={styles.muted}>{t('deploy.env.none')}</p> : null}
      {model.env.map((e, i) => (
        <div key={i} className={styles.envRow}>
          <TextField
            id={`env-${i}-name`}
            label={t('deploy.field.envName')}
            value={e.name}
            spellCheck={false}
            error={errors[`env.${i}.name`]}
            onChange={(ev) => update(i, { ...e, name: ev.target.value })}
          />
          <div className={styles.selectField}>
            <label htmlFor={`env-${i}-source`}>{t('deploy.field.envSource')}</label>
            <select
              id={`env-${i}-source`}
              value={e.source}
              onChange={(ev) => {
                const source = ev.target.value as EnvVar['source'];
                update(
                  i,
                  source === 'value'
                    ? { source, name: e.name, value: '' }
                    : { source, name: e.name, ref: '', key: '' },
                );
              }}
            >
              {SOURCES.map((s) => (
                <option key={s.value} value={s.value}>
                  {t(s.label)}
                </option>
              ))}
            </select>
          </div>
          {e.source === 'value' ? (
            <TextField
              id={`env-${i}-value`}
              label={t('deploy.field.envValue')}
              value={e.value}
              spellCheck={false}
              error={errors[`env.${i}.value`]}
              onChange={(ev) => update(i, { ...e, value: ev.target.value })}
            />
          ) : (
            <div className={styles.pair}>
              <TextField
                id={`env-${i}-ref`}
                label={t(
                  e.source === 'secret' ? 'deploy.field.secretName' : 'deploy.field.configMapName',
                )}
                value={e.ref}
                error={errors[`env.${i}.ref`]}
                onChange={(ev) => update(i, { ...e, ref: ev.target.value })}
              />
              <TextField
                id={`env-${i}-key`}
                label={t('deploy.field.key')}
                value={e.key}
                error={errors[`env.${i}.key`]}
                onChange={(ev) => update(i, { ...e, key: ev.target.value })}
              />
            </div>
          )}
          <RemoveButton
            label={t('deploy.removeEnv', { name: e.name || String(i + 1) })}
            onClick={() => set({ env: model.env.filter((_, j) => j !== i) })}
          />
        </div>
      ))}
      <div className={styles.inline}>
        <Button
          variant="secondary"
          onClick={() => set({ env: [...model.env, { source: 'value', name: '', value: '' }] })}
        >
          {t('deploy.addEnv')}
        </Button>
      </div>
    </Section>
  );
}

export function ResourcesSection({ model, set, errors }: SectionProps) {
  const t = useT();
  const field = (kind: 'requests' | 'limits', r: 'cpu' | 'memory') => (
    <TextField
      id={`${kind}-${r}`}
      label={t(`deploy.field.${kind}.${r}` as MessageKey)}
      value={model[kind][r]}
      spellCheck={false}
      error={errors[`${kind}.${r}`]}
      onChange={(e) => set({ [kind]: { ...model[kind], [r]: e.target.value } })}
    />
  );
  return (
    <Section title={t('deploy.section.resources')}>
      <div className={styles.grid4}>
        {field('requests', 'cpu')}
        {field('limits', 'cpu')}
        {field('requests', 'memory')}
        {field('limits', 'memory')}
      </div>
    </Section>
  );
}

function ProbeFields({
  kind,
  probe,
  onChange,
  errors,
  fallbackPort,
}: {
  kind: 'readiness' | 'liveness';
  probe: Probe | null;
  onChange: (p: Probe | null) => void;
  errors: Errors;
  fallbackPort: number;
}) {
  const t = useT();
  const on = probe !== null;
  return (
    <div className={styles.probe}>
      <label className={styles.check}>
        <input
          type="checkbox"
          checked={on}
          onChange={(e) =>
            onChange(
              e.target.checked
                ? {
                    path: '/healthz',
                    port: fallbackPort,
                    initialDelaySeconds: 2,
                    periodSeconds: 10,
                  }
                : null,
            )
          }
        />
        {t(kind === 'readiness' ? 'deploy.field.readiness' : 'deploy.field.liveness')}
      </label>
      {probe ? (
        <div className={styles.grid4}>
          <TextField
            id={`${kind}-path`}
            label={t('deploy.field.probePath')}
            value={probe.path}
            error={errors[`${kind}.path`]}
            onChange={(e) => onChange({ ...probe, path: e.target.value })}
          />
          <TextField
            id={`${kind}-port`}
            label={t('deploy.field.probePort')}
            type="number"
            value={Number.isNaN(probe.port) ? '' : probe.port}
            error={errors[`${kind}.port`]}
            onChange={(e) => onChange({ ...probe, port: toNumber(e.target.value) })}
          />
          <TextField
            id={`${kind}-delay`}
            label={t('deploy.field.probeDelay')}
            type="number"
            value={Number.isNaN(probe.initialDelaySeconds) ? '' : probe.initialDelaySeconds}
            error={errors[`${kind}.initialDelaySeconds`]}
            onChange={(e) => onChange({ ...probe, initialDelaySeconds: toNumber(e.target.value) })}
          />
          <TextField
            id={`${kind}-period`}
            label={t('deploy.field.probePeriod')}
            type="number"
            value={Number.isNaN(probe.periodSeconds) ? '' : probe.periodSeconds}
            error={errors[`${kind}.periodSeconds`]}
            onChange={(e) => onChange({ ...probe, periodSeconds: toNumber(e.target.value) })}
          />
        </div>
      ) : null}
    </div>
  );
}

export function ProbesSection({ model, set, errors }: SectionProps) {
  const t = useT();
  const port = model.ports[0]?.containerPort ?? 8080;
  return (
    <Section title={t('deploy.section.probes')}>
      <ProbeFields
        kind="readiness"
        probe={model.readiness}
        errors={errors}
        fallbackPort={port}
        onChange={(readiness) => set({ readiness })}
      />
      <ProbeFields
        kind="liveness"
        probe={model.liveness}
        errors={errors}
        fallbackPort={port}
        onChange={(liveness) => set({ liveness })}
      />
    </Section>
  );
}

export function StrategySection({ model, set, errors }: SectionProps) {
  const t = useT();
  const s = model.strategy;
  return (
    <Section title={t('deploy.section.strategy')}>
      <div className={styles.inline} role="radiogroup" aria-label={t('deploy.section.strategy')}>
        <label className={styles.check}>
          <input
            type="radio"
            name="strategy"
            checked={s.type === 'RollingUpdate'}
            onChange={() =>
              set({ strategy: { type: 'RollingUpdate', maxSurge: '25%', maxUnavailable: '25%' } })
            }
          />
          {t('deploy.strategy.rolling')}
        </label>
        <label className={styles.check}>
          <input
            type="radio"
            name="strategy"
            checked={s.type === 'Recreate'}
            onChange={() => set({ strategy: { type: 'Recreate' } })}
          />
          {t('deploy.strategy.recreate')}
        </label>
      </div>
      {s.type === 'RollingUpdate' ? (
        <div className={styles.grid}>
          <TextField
            id="max-surge"
            label={t('deploy.field.maxSurge')}
            value={s.maxSurge}
            error={errors['strategy.maxSurge']}
            onChange={(e) => set({ strategy: { ...s, maxSurge: e.target.value } })}
          />
          <TextField
            id="max-unavailable"
            label={t('deploy.field.maxUnavailable')}
            value={s.maxUnavailable}
            error={errors['strategy.maxUnavailable']}
            onChange={(e) => set({ strategy: { ...s, maxUnavailable: e.target.value } })}
          />
        </div>
      ) : (
        <p className={styles.muted}>{t('deploy.strategy.recreateHint')}</p>
      )}
    </Section>
  );
}
