// The YAML view of an app: its Deployment and Service as a two-document YAML, and back to the app
// model with every error placed on its line (the editor underlines them; the API lists them).
import { isNode, parseAllDocuments, stringify, type Document } from 'yaml';
import { z } from 'zod';
import {
  AppModelSchema,
  deploymentFor,
  manifestPath,
  modelFrom,
  serviceFor,
  type AppModel,
  type Manifest,
} from './app-model';

export interface YamlError {
  /** Character offsets in the text, for the editor. */
  from: number;
  to: number;
  /** 1-based line, for messages. */
  line: number;
  message: string;
  /** The model field, when the error is about one. */
  field?: string;
}

export type YamlResult =
  | { ok: true; model: AppModel; deployment: Manifest; service?: Manifest }
  | { ok: false; errors: YamlError[] };

/** Fields the API server owns: not shown to edit, not sent back. */
function editable(m: Manifest): Manifest {
  const { metadata, ...rest } = m;
  const {
    uid: _uid,
    resourceVersion: _rv,
    generation: _gen,
    creationTimestamp: _ct,
    managedFields: _mf,
    annotations,
    ...meta
  } = metadata as Record<string, unknown>;
  const kept = Object.fromEntries(
    Object.entries((annotations ?? {}) as Record<string, string>).filter(
      ([k]) => !k.startsWith('deployment.kubernetes.io/'),
    ),
  );
  delete (rest as Record<string, unknown>).status;
  return {
    ...rest,
    metadata: { ...meta, ...(Object.keys(kept).length ? { annotations: kept } : {}) },
  } as Manifest;
}

/** The YAML of the app `model` would make, on top of the app's current objects when it has them. */
export function appYaml(
  model: AppModel,
  project: string,
  base?: { deployment?: Manifest; service?: Manifest },
): string {
  const docs: Manifest[] = [editable(deploymentFor(model, project, base?.deployment))];
  const svc = serviceFor(model, project, base?.service);
  if (svc) docs.push(editable(svc));
  return docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n');
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}

function at(text: string, range: readonly [number, number], message: string, field?: string) {
  const [from, to] = range;
  return { from, to: Math.max(to, from), line: lineOf(text, from), message, field };
}

/** The range of the deepest node on `path` that exists, so an error points as close as it can. */
function rangeOf(doc: Document, path: readonly PropertyKey[]): [number, number] {
  for (let n = path.length; n >= 0; n--) {
    const node: unknown = doc.getIn(path.slice(0, n) as unknown[], true);
    if (isNode(node) && node.range) return [node.range[0], node.range[1]];
  }
  return [0, 0];
}

/** Parses the editor's text into the app model; the Deployment is required, the Service optional. */
export function parseAppYaml(text: string): YamlResult {
  const docs = parseAllDocuments(text);
  const all = Array.isArray(docs) ? docs : [];
  const errors: YamlError[] = [];
  for (const doc of all)
    for (const e of doc.errors) errors.push(at(text, [e.pos[0], e.pos[1]], e.message));
  if (!Array.isArray(docs)) errors.push(at(text, [0, 0], 'not a YAML document'));
  if (errors.length) return { ok: false, errors };

  let deployment: { doc: Document; value: Manifest } | undefined;
  let service: { doc: Document; value: Manifest } | undefined;
  for (const doc of all) {
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    const range = rangeOf(doc, []);
    const m = value as Partial<Manifest>;
    if (typeof value !== 'object' || Array.isArray(value) || typeof m.metadata !== 'object') {
      errors.push(at(text, range, 'each document must be a Kubernetes object with metadata'));
    } else if (m.apiVersion === 'apps/v1' && m.kind === 'Deployment' && !deployment) {
      deployment = { doc, value: value as Manifest };
    } else if (m.apiVersion === 'v1' && m.kind === 'Service' && !service) {
      service = { doc, value: value as Manifest };
    } else {
      errors.push(
        at(
          text,
          rangeOf(doc, ['kind']),
          `kind ${String(m.apiVersion)}/${String(m.kind)} is not supported here: one apps/v1 Deployment and at most one v1 Service`,
          'kind',
        ),
      );
    }
  }
  if (!deployment && !errors.length)
    errors.push(at(text, [0, 0], 'an apps/v1 Deployment is required', 'kind'));
  if (errors.length || !deployment) return { ok: false, errors };

  const parsed = AppModelSchema.safeParse(modelFrom(deployment.value, service?.value));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const where = manifestPath(issue.path);
      const doc = where.doc === 1 && service ? service.doc : deployment.doc;
      errors.push(at(text, rangeOf(doc, where.path), issue.message, z.core.toDotPath(issue.path)));
    }
    return { ok: false, errors };
  }
  if (service && service.value.metadata.name !== parsed.data.name)
    errors.push(
      at(
        text,
        rangeOf(service.doc, ['metadata', 'name']),
        'the Service must have the app’s name',
        'name',
      ),
    );
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    model: parsed.data,
    deployment: deployment.value,
    ...(service ? { service: service.value } : {}),
  };
}
