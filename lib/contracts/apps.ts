// The app write API (deploy, update, scale, restart, roll back, pause, resume, delete, quota
// preflight) under /api/clusters/[cluster]/namespaces/[namespace]/apps.
import { z } from 'zod';
import { AppModelSchema, MAX_REPLICAS } from '../apps/app-model';
import type { Preflight } from '../apps/quota';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const AppsParamsSchema = z.object({
  cluster: z.string().min(1).max(253),
  namespace: z.string().max(63).regex(DNS_LABEL, 'not a namespace name'),
});

export const AppParamsSchema = AppsParamsSchema.extend({
  app: z
    .string()
    .max(63)
    .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, 'not an app name'),
});

/** The app as the form's model or as the YAML editor's text (exactly one of them). */
const AppSource = z
  .object({
    model: AppModelSchema.optional(),
    yaml: z
      .string()
      .max(256 * 1024)
      .optional(),
  })
  .refine((b) => (b.model === undefined) !== (b.yaml === undefined), {
    message: 'give either model or yaml',
    path: ['model'],
  });

export const CreateAppSchema = AppSource;

export const UpdateAppSchema = AppSource.and(
  z.object({
    /** The Deployment's resourceVersion the edit started from: a newer one is a 409. */
    resourceVersion: z.string().min(1).max(64),
    /**
     * The Deployment's generation the edit started from. When given, only a change of the spec
     * (a new generation) is a conflict; the controller's status updates are not.
     */
    generation: z.number().int().min(0).optional(),
  }),
);

const Replicas = z
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(0, `must be between 0 and ${MAX_REPLICAS}`)
  .max(MAX_REPLICAS, `must be between 0 and ${MAX_REPLICAS}`);

export const ScaleSchema = z.object({ replicas: Replicas });

export const RollbackSchema = z.object({ revision: z.number().int().min(1).max(2147483647) });

/**
 * A deploy or update (model or yaml, `app` set for an update), a scale (`app` and `replicas`) or a
 * rolling restart (`app` and `restart`).
 */
export const PreflightSchema = z
  .object({
    app: AppParamsSchema.shape.app.optional(),
    model: AppModelSchema.optional(),
    yaml: z
      .string()
      .max(256 * 1024)
      .optional(),
    replicas: Replicas.optional(),
    restart: z.literal(true).optional(),
  })
  .refine(
    (b) =>
      [b.model, b.yaml, b.replicas, b.restart].filter((v) => v !== undefined).length === 1 &&
      (b.replicas === undefined || b.app !== undefined) &&
      (b.restart === undefined || b.app !== undefined),
    {
      message: 'give one of model, yaml, replicas (with app) or restart (with app)',
      path: ['model'],
    },
  );

export type CreateAppBody = z.input<typeof CreateAppSchema>;
export type UpdateAppBody = z.input<typeof UpdateAppSchema>;
export type PreflightBody = z.input<typeof PreflightSchema>;

export interface AppWriteResult {
  name: string;
  namespace: string;
  resourceVersion: string;
  generation: number;
}

export interface RollbackResult extends AppWriteResult {
  /** The template already matched that revision: nothing changed (as kubectl says "skipped"). */
  skipped: boolean;
}

export interface DeleteAppResult {
  /** `kind/name` of every object deleted. */
  deleted: string[];
  /** Objects left in place, with the API server's reason (a member may not delete Secrets). */
  kept: { object: string; reason: string }[];
}

export type PreflightResponse = Preflight;
