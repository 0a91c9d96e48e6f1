// The raw HTTP transport to a cluster: one node:https request per call, the user impersonated with every
// group as its own header line (client-node folds them into one: KUBE-PROTOCOL §6, §9).
import type { IncomingMessage } from 'node:http';
import https from 'node:https';
import { toStatus, type ApiStatus } from '../../lib/contracts/status';
import type { ClusterConnection } from './clusters';

/** Who a request is made for; undefined means the console's own identity. */
export interface Identity {
  username: string;
  groups: string[];
}

export interface KubeRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  accept?: string;
  as?: Identity;
  signal?: AbortSignal;
}

/** A non-2xx answer from the API server, carrying its Status. */
export class KubeError extends Error {
  constructor(readonly status: ApiStatus) {
    super(status.message ?? `HTTP ${status.code}`);
  }
  get code(): number {
    return this.status.code;
  }
}

/** Impersonation headers; node:https sends an array value as separate header lines. */
export function impersonationHeaders(as: Identity | undefined): Record<string, string | string[]> {
  if (!as) return {};
  const h: Record<string, string | string[]> = { 'Impersonate-User': as.username };
  if (as.groups.length > 0) h['Impersonate-Group'] = [...as.groups];
  return h;
}

function url(cluster: ClusterConnection, req: KubeRequest): URL {
  const u = new URL(cluster.server + req.path);
  for (const [k, v] of Object.entries(req.query ?? {}))
    if (v !== undefined) u.searchParams.set(k, String(v));
  return u;
}

/** Sends the request and hands back the response stream (for watch and log streams). */
export async function kubeStream(
  cluster: ClusterConnection,
  req: KubeRequest,
): Promise<IncomingMessage> {
  const base = await cluster.httpsOptions();
  const body =
    req.body === undefined
      ? undefined
      : typeof req.body === 'string'
        ? req.body
        : JSON.stringify(req.body);
  const headers: Record<string, string | string[] | number> = {
    ...(base.headers as Record<string, string>),
    Accept: req.accept ?? 'application/json',
    ...impersonationHeaders(req.as),
  };
  if (body !== undefined) {
    headers['Content-Type'] = req.contentType ?? 'application/json';
    headers['Content-Length'] = Buffer.byteLength(body);
  }
  return new Promise((resolve, reject) => {
    const r = https.request(
      url(cluster, req),
      { ...base, method: req.method ?? 'GET', headers, signal: req.signal },
      resolve,
    );
    r.on('error', reject);
    if (body !== undefined) r.write(body);
    r.end();
  });
}

async function readAll(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A JSON request; a non-2xx answer throws KubeError with the API server's Status. */
export async function kubeJson<T>(cluster: ClusterConnection, req: KubeRequest): Promise<T> {
  const res = await kubeStream(cluster, req);
  const text = await readAll(res);
  const code = res.statusCode ?? 0;
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text for the error message
  }
  if (code < 200 || code >= 300) throw new KubeError(toStatus(code, parsed));
  return parsed as T;
}
