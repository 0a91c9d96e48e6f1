// Request decoding shared by every handler: which resource a URL names (apiserver RequestInfo),
// query-parameter parsing as apimachinery does it, and request bodies (JSON, YAML, protobuf).
import type { IncomingMessage } from 'node:http';
import YAML from 'yaml';
import { StatusError } from './types';

/** What a URL names, as kube-apiserver's RequestInfoFactory resolves it. */
export interface RequestInfo {
  resourceRequest: boolean;
  path: string;
  verb: string;
  apiPrefix?: 'api' | 'apis';
  group: string;
  version: string;
  namespace: string;
  resource: string;
  name: string;
  subresource: string;
}

const VERBS: Record<string, string> = {
  POST: 'create',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
  GET: 'get',
  HEAD: 'get',
};

export function requestInfo(method: string, url: URL): RequestInfo {
  const path = url.pathname;
  const parts = path.split('/').filter((p) => p !== '');
  const base: RequestInfo = {
    resourceRequest: false,
    path,
    verb: (method === 'GET' || method === 'HEAD' ? 'get' : VERBS[method]) ?? method.toLowerCase(),
    group: '',
    version: '',
    namespace: '',
    resource: '',
    name: '',
    subresource: '',
  };
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 2) {
    base.apiPrefix = 'api';
    base.version = parts[1]!;
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 3) {
    base.apiPrefix = 'apis';
    base.group = parts[1]!;
    base.version = parts[2]!;
    rest = parts.slice(3);
  } else return base;
  if (rest.length === 0) return base;
  const info: RequestInfo = {
    ...base,
    resourceRequest: true,
    verb: VERBS[method] ?? method.toLowerCase(),
  };
  if (rest[0] === 'namespaces') {
    if (rest.length > 1) {
      info.namespace = rest[1]!;
      // `/namespaces/{ns}/{resource}/…`; `/namespaces/{name}[/status|finalize]` names the namespace itself.
      if (rest.length > 2 && rest[2] !== 'status' && rest[2] !== 'finalize') rest = rest.slice(2);
    }
  }
  info.resource = rest[0]!;
  if (rest.length > 1) info.name = rest[1]!;
  if (rest.length > 2) info.subresource = rest[2]!;
  if (rest.length > 3) info.subresource = rest.slice(2).join('/');
  if (method === 'GET' || method === 'HEAD') {
    if (info.name === '') info.verb = parseBool(url.searchParams, 'watch') ? 'watch' : 'list';
    else info.verb = 'get';
  }
  if (method === 'DELETE' && info.name === '') info.verb = 'deletecollection';
  return info;
}

/** strconv.ParseBool, as apimachinery decodes query booleans; a missing parameter is false. */
export function parseBool(q: URLSearchParams, key: string): boolean {
  const v = q.get(key);
  if (v === null) return false;
  if (['1', 't', 'true'].includes(v.toLowerCase())) return true;
  if (['0', 'f', 'false', ''].includes(v.toLowerCase())) return false;
  throw new StatusError(400, 'BadRequest', `strconv.ParseBool: parsing "${v}": invalid syntax`);
}

export function parseIntParam(q: URLSearchParams, key: string): number | undefined {
  const v = q.get(key);
  if (v === null || v === '') return undefined;
  if (!/^-?\d+$/.test(v))
    throw new StatusError(400, 'BadRequest', `strconv.ParseInt: parsing "${v}": invalid syntax`);
  return Number(v);
}

/** kube-apiserver's default request body limit. */
const MAX_BODY = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY)
      throw new StatusError(
        413,
        'RequestEntityTooLarge',
        `Request entity too large: limit is ${MAX_BODY}`,
      );
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Decodes a JSON (or, for apply patches and YAML bodies, YAML) request body. */
export function decodeBody(buf: Buffer, contentType: string | undefined): unknown {
  const text = buf.toString('utf8');
  const yaml = /yaml/.test(contentType ?? '');
  if (text.trim() === '') throw new StatusError(400, 'BadRequest', 'the request body is empty');
  try {
    return yaml ? YAML.parse(text) : JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new StatusError(
      400,
      'BadRequest',
      yaml
        ? `error converting YAML to JSON: ${msg}`
        : `couldn't get version/kind; json parse error: ${msg}`,
    );
  }
}

/** The token from `Authorization: Bearer …`, or undefined. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m ? m[1] : '';
}
