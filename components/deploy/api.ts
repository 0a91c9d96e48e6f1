// The browser side of the app write API: one call per action, a refusal thrown as the Status the
// API answered (its message is already in words; its causes name the fields).
import type {
  AppWriteResult,
  CreateAppBody,
  DeleteAppResult,
  PreflightBody,
  PreflightResponse,
  RollbackResult,
  UpdateAppBody,
} from '../../lib/contracts/apps';
import { toStatus, type ApiStatus } from '../../lib/contracts/status';
import type { AppRef } from './app-ref';

export class ApiFailure extends Error {
  constructor(readonly status: ApiStatus) {
    super(status.message ?? `HTTP ${status.code}`);
  }
  /** `model.image` → message, for the form's fields. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const c of this.status.details?.causes ?? [])
      if (c.field && c.message)
        out[c.field.replace(/^model\./, '').replace(/\[(\d+)\]/g, '.$1')] ??= c.message;
    return out;
  }
}

type Place = Pick<AppRef, 'cluster' | 'namespace'>;

function base(p: Place): string {
  const seg = encodeURIComponent;
  return `/api/clusters/${seg(p.cluster)}/namespaces/${seg(p.namespace)}/apps`;
}

async function send<T>(url: string, method: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  if (!res.ok) throw new ApiFailure(toStatus(res.status, json));
  return json as T;
}

const appUrl = (ref: Place & { app: string }, action = '') =>
  `${base(ref)}/${encodeURIComponent(ref.app)}${action ? `/${action}` : ''}`;

export const appsApi = {
  create: (p: Place, body: CreateAppBody) => send<AppWriteResult>(base(p), 'POST', body),
  update: (ref: Place & { app: string }, body: UpdateAppBody) =>
    send<AppWriteResult>(appUrl(ref), 'PUT', body),
  preflight: (p: Place, body: PreflightBody) =>
    send<PreflightResponse>(`${base(p)}/preflight`, 'POST', body),
  scale: (ref: Place & { app: string }, replicas: number) =>
    send<AppWriteResult>(appUrl(ref, 'scale'), 'POST', { replicas }),
  restart: (ref: Place & { app: string }) => send<AppWriteResult>(appUrl(ref, 'restart'), 'POST'),
  pause: (ref: Place & { app: string }, paused: boolean) =>
    send<AppWriteResult>(appUrl(ref, paused ? 'pause' : 'resume'), 'POST'),
  rollback: (ref: Place & { app: string }, revision: number) =>
    send<RollbackResult>(appUrl(ref, 'rollback'), 'POST', { revision }),
  remove: (ref: Place & { app: string }) => send<DeleteAppResult>(appUrl(ref), 'DELETE'),
};
