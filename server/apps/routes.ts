// The app write API's route handlers, each built with a given withApi so tests can inject the
// session and the context; app/api/clusters/[cluster]/namespaces/[namespace]/apps/** binds them.
import {
  AppParamsSchema,
  AppsParamsSchema,
  CreateAppSchema,
  PreflightSchema,
  RollbackSchema,
  ScaleSchema,
  UpdateAppSchema,
} from '../../lib/contracts/apps';
import { ApiError, failure } from '../api/errors';
import type { RouteHandler, WithApi } from '../api/with-api';
import type { WharfContext } from '../context';
import type { Identity } from '../kube/transport';
import {
  createApp,
  deleteApp,
  preflightApp,
  restartApp,
  rollbackApp,
  scaleApp,
  setPaused,
  updateApp,
  type Target,
} from './app-writes';

const DEPLOYMENTS = { resource: 'deployments' };

function target(
  ctx: WharfContext,
  as: Identity,
  params: { cluster: string; namespace: string },
): Target {
  const conn = ctx.clusters.get(params.cluster);
  if (!conn) throw new ApiError(failure(404, 'NotFound', `no cluster named ${params.cluster}`));
  return { conn, as, namespace: params.namespace };
}

/** POST …/apps: deploy a new app (model or YAML). */
export function createAppRoute(withApi: WithApi): RouteHandler {
  return withApi(
    {
      input: { params: AppsParamsSchema, body: CreateAppSchema },
      mutates: true,
      audit: { verb: 'create', ...DEPLOYMENTS },
    },
    async ({ identity, ctx, input, audit }) => {
      const result = await createApp(target(ctx, identity, input.params), input.body);
      audit.name = result.name;
      return Response.json(result, { status: 201 });
    },
  );
}

/** POST …/apps/preflight: what a deploy, update or scale needs from the quota. */
export function preflightRoute(withApi: WithApi): RouteHandler {
  return withApi(
    { input: { params: AppsParamsSchema, body: PreflightSchema } },
    ({ identity, ctx, input }) => preflightApp(target(ctx, identity, input.params), input.body),
  );
}

/** PUT …/apps/[app]: update from the resourceVersion the edit started at. */
export function updateAppRoute(withApi: WithApi): RouteHandler {
  return withApi(
    {
      input: { params: AppParamsSchema, body: UpdateAppSchema },
      mutates: true,
      audit: { verb: 'update', ...DEPLOYMENTS },
    },
    ({ identity, ctx, input }) =>
      updateApp(target(ctx, identity, input.params), input.params.app, input.body, input.body),
  );
}

/** DELETE …/apps/[app]: the app's workloads, Service, Ingresses and labelled config. */
export function deleteAppRoute(withApi: WithApi): RouteHandler {
  return withApi(
    {
      input: { params: AppParamsSchema },
      mutates: true,
      audit: { verb: 'delete', ...DEPLOYMENTS },
    },
    ({ identity, ctx, input }) => deleteApp(target(ctx, identity, input.params), input.params.app),
  );
}

export function scaleRoute(withApi: WithApi): RouteHandler {
  return withApi(
    {
      input: { params: AppParamsSchema, body: ScaleSchema },
      mutates: true,
      audit: { verb: 'patch', resource: 'deployments/scale' },
    },
    ({ identity, ctx, input }) =>
      scaleApp(target(ctx, identity, input.params), input.params.app, input.body.replicas),
  );
}

export function restartRoute(withApi: WithApi): RouteHandler {
  return withApi(
    { input: { params: AppParamsSchema }, mutates: true, audit: { verb: 'patch', ...DEPLOYMENTS } },
    ({ identity, ctx, input }) => restartApp(target(ctx, identity, input.params), input.params.app),
  );
}

export function rollbackRoute(withApi: WithApi): RouteHandler {
  return withApi(
    {
      input: { params: AppParamsSchema, body: RollbackSchema },
      mutates: true,
      audit: { verb: 'patch', ...DEPLOYMENTS },
    },
    ({ identity, ctx, input }) =>
      rollbackApp(target(ctx, identity, input.params), input.params.app, input.body.revision),
  );
}

export function pauseRoute(withApi: WithApi, paused: boolean): RouteHandler {
  return withApi(
    { input: { params: AppParamsSchema }, mutates: true, audit: { verb: 'patch', ...DEPLOYMENTS } },
    ({ identity, ctx, input }) =>
      setPaused(target(ctx, identity, input.params), input.params.app, paused),
  );
}
