// Protobuf bodies kubectl POSTs for access and identity reviews (k8s\0 + runtime.Unknown) → JSON.
import { goQuote } from './rbac';
import { StatusError } from './types';
import type { KubeObject } from './types';

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** How one protobuf field maps to JSON. */
type Field =
  | { name: string; type: 'string' | 'bool' | 'int' | 'time'; repeated?: boolean; keep?: boolean }
  | { name: string; type: 'message'; schema: Schema; repeated?: boolean }
  | { name: string; type: 'map'; value: 'string' | Schema };

/** Field number → field. Unknown fields are skipped, as proto decoders do. */
type Schema = Record<number, Field>;

/** Malformed protobuf bytes; callers turn it into a 400 with their own wording. */
export class DecodeError extends Error {}

// Field numbers from k8s.io/api authorization/v1 and authentication/v1 generated.proto,
// apimachinery pkg/apis/meta/v1/generated.proto and pkg/runtime/generated.proto.
const TIME: Schema = { 1: { name: 'seconds', type: 'int' }, 2: { name: 'nanos', type: 'int' } };

const OBJECT_META: Schema = {
  1: { name: 'name', type: 'string' },
  2: { name: 'generateName', type: 'string' },
  3: { name: 'namespace', type: 'string' },
  5: { name: 'uid', type: 'string' },
  6: { name: 'resourceVersion', type: 'string' },
  7: { name: 'generation', type: 'int' },
  8: { name: 'creationTimestamp', type: 'time' },
  11: { name: 'labels', type: 'map', value: 'string' },
  12: { name: 'annotations', type: 'map', value: 'string' },
  14: { name: 'finalizers', type: 'string', repeated: true },
};

const SELECTOR_REQUIREMENT: Schema = {
  1: { name: 'key', type: 'string' },
  2: { name: 'operator', type: 'string' },
  3: { name: 'values', type: 'string', repeated: true },
};

const SELECTOR_ATTRIBUTES: Schema = {
  1: { name: 'rawSelector', type: 'string' },
  2: { name: 'requirements', type: 'message', schema: SELECTOR_REQUIREMENT, repeated: true },
};

const RESOURCE_ATTRIBUTES: Schema = {
  1: { name: 'namespace', type: 'string' },
  2: { name: 'verb', type: 'string' },
  3: { name: 'group', type: 'string' },
  4: { name: 'version', type: 'string' },
  5: { name: 'resource', type: 'string' },
  6: { name: 'subresource', type: 'string' },
  7: { name: 'name', type: 'string' },
  8: { name: 'fieldSelector', type: 'message', schema: SELECTOR_ATTRIBUTES },
  9: { name: 'labelSelector', type: 'message', schema: SELECTOR_ATTRIBUTES },
};

const NON_RESOURCE_ATTRIBUTES: Schema = {
  1: { name: 'path', type: 'string' },
  2: { name: 'verb', type: 'string' },
};

const EXTRA_VALUE: Schema = { 1: { name: 'items', type: 'string', repeated: true } };

const SELF_SAR_SPEC: Schema = {
  1: { name: 'resourceAttributes', type: 'message', schema: RESOURCE_ATTRIBUTES },
  2: { name: 'nonResourceAttributes', type: 'message', schema: NON_RESOURCE_ATTRIBUTES },
};

const SAR_SPEC: Schema = {
  ...SELF_SAR_SPEC,
  3: { name: 'user', type: 'string' },
  4: { name: 'groups', type: 'string', repeated: true },
  5: { name: 'extra', type: 'map', value: EXTRA_VALUE },
  6: { name: 'uid', type: 'string' },
};

const SAR_STATUS: Schema = {
  1: { name: 'allowed', type: 'bool', keep: true },
  4: { name: 'denied', type: 'bool' },
  2: { name: 'reason', type: 'string' },
  3: { name: 'evaluationError', type: 'string' },
};

const RESOURCE_RULE: Schema = {
  1: { name: 'verbs', type: 'string', repeated: true },
  2: { name: 'apiGroups', type: 'string', repeated: true },
  3: { name: 'resources', type: 'string', repeated: true },
  4: { name: 'resourceNames', type: 'string', repeated: true },
};

const NON_RESOURCE_RULE: Schema = {
  1: { name: 'verbs', type: 'string', repeated: true },
  2: { name: 'nonResourceURLs', type: 'string', repeated: true },
};

const RULES_STATUS: Schema = {
  1: { name: 'resourceRules', type: 'message', schema: RESOURCE_RULE, repeated: true },
  2: { name: 'nonResourceRules', type: 'message', schema: NON_RESOURCE_RULE, repeated: true },
  3: { name: 'incomplete', type: 'bool', keep: true },
  4: { name: 'evaluationError', type: 'string' },
};

const USER_INFO: Schema = {
  1: { name: 'username', type: 'string' },
  2: { name: 'uid', type: 'string' },
  3: { name: 'groups', type: 'string', repeated: true },
  4: { name: 'extra', type: 'map', value: EXTRA_VALUE },
};

function review(spec: Schema | undefined, status: Schema): Schema {
  const schema: Schema = { 1: { name: 'metadata', type: 'message', schema: OBJECT_META } };
  if (spec) schema[2] = { name: 'spec', type: 'message', schema: spec };
  schema[spec ? 3 : 2] = { name: 'status', type: 'message', schema: status };
  return schema;
}

const KINDS: Record<string, { groups: string[]; schema: Schema }> = {
  SelfSubjectAccessReview: {
    groups: ['authorization.k8s.io'],
    schema: review(SELF_SAR_SPEC, SAR_STATUS),
  },
  SubjectAccessReview: { groups: ['authorization.k8s.io'], schema: review(SAR_SPEC, SAR_STATUS) },
  LocalSubjectAccessReview: {
    groups: ['authorization.k8s.io'],
    schema: review(SAR_SPEC, SAR_STATUS),
  },
  SelfSubjectRulesReview: {
    groups: ['authorization.k8s.io'],
    schema: review({ 1: { name: 'namespace', type: 'string' } }, RULES_STATUS),
  },
  // SelfSubjectReview has no spec: status is field 2.
  SelfSubjectReview: {
    groups: ['authentication.k8s.io'],
    schema: review(undefined, { 1: { name: 'userInfo', type: 'message', schema: USER_INFO } }),
  },
};

const TYPE_META: Schema = {
  1: { name: 'apiVersion', type: 'string' },
  2: { name: 'kind', type: 'string' },
};

/** A window [pos, end) over a buffer; length-delimited fields read as sub-readers. */
export interface Reader {
  buf: Buffer;
  pos: number;
  end: number;
}

export function varint(r: Reader): number {
  let result = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (r.pos >= r.end) throw new DecodeError('unexpected EOF');
    const b = r.buf[r.pos++]!;
    // Arithmetic instead of bit shifts: values past 2^31 (int64 fields) would wrap with `<<`.
    result += (b & 0x7f) * scale;
    scale *= 128;
    if ((b & 0x80) === 0) return result;
  }
  throw new DecodeError('proto: integer overflow');
}

/**
 * An int32/int64 varint as Go wrote it: negative values are 10-byte two's complement, which
 * double arithmetic cannot hold, so this path goes through BigInt.
 */
export function signedVarint(r: Reader): number {
  let result = 0n;
  for (let i = 0n; i < 10n; i++) {
    if (r.pos >= r.end) throw new DecodeError('unexpected EOF');
    const b = r.buf[r.pos++]!;
    result |= BigInt(b & 0x7f) << (7n * i);
    if ((b & 0x80) === 0) return Number(BigInt.asIntN(64, result));
  }
  throw new DecodeError('proto: integer overflow');
}

export function bytes(r: Reader): Reader {
  const len = varint(r);
  if (r.pos + len > r.end) throw new DecodeError('unexpected EOF');
  const sub = { buf: r.buf, pos: r.pos, end: r.pos + len };
  r.pos += len;
  return sub;
}

export function skip(r: Reader, wireType: number): void {
  switch (wireType) {
    case 0:
      varint(r);
      return;
    case 1:
      r.pos += 8;
      break;
    case 2:
      bytes(r);
      return;
    case 5:
      r.pos += 4;
      break;
    default:
      throw new DecodeError(`proto: illegal wireType ${wireType}`);
  }
  if (r.pos > r.end) throw new DecodeError('unexpected EOF');
}

export function text(r: Reader): string {
  const sub = bytes(r);
  return sub.buf.toString('utf8', sub.pos, sub.end);
}

function timeString(r: Reader): string | null {
  const t = decodeMessage(bytes(r), TIME);
  const seconds = typeof t.seconds === 'number' ? t.seconds : 0;
  // metav1.Time: the zero time marshals to null in JSON.
  if (seconds === 0) return null;
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function mapEntry(r: Reader, value: 'string' | Schema): [string, unknown] {
  let key = '';
  let val: unknown = value === 'string' ? '' : {};
  while (r.pos < r.end) {
    const tag = varint(r);
    const [num, wt] = [Math.floor(tag / 8), tag % 8];
    if (num === 1 && wt === 2) key = text(r);
    else if (num === 2 && wt === 2) {
      val = value === 'string' ? text(r) : decodeMessage(bytes(r), value);
    } else skip(r, wt);
  }
  // ExtraValue is a named []string in Go, so JSON shows the list itself.
  if (typeof val === 'object' && val !== null && 'items' in val)
    val = (val as { items: unknown }).items;
  else if (typeof val === 'object' && val !== null) val = [];
  return [key, val];
}

function decodeMessage(r: Reader, schema: Schema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  while (r.pos < r.end) {
    const tag = varint(r);
    const num = Math.floor(tag / 8);
    const wt = tag % 8;
    const field = schema[num];
    if (!field) {
      skip(r, wt);
      continue;
    }
    const expected = field.type === 'bool' || field.type === 'int' ? 0 : 2;
    if (wt !== expected)
      throw new DecodeError(`proto: wrong wireType = ${wt} for field ${field.name}`);
    let value: unknown;
    switch (field.type) {
      case 'string':
        value = text(r);
        break;
      case 'bool':
        value = varint(r) !== 0;
        break;
      case 'int':
        value = varint(r);
        break;
      case 'time':
        value = timeString(r);
        break;
      case 'message':
        value = decodeMessage(bytes(r), field.schema);
        break;
      case 'map': {
        const [k, v] = mapEntry(bytes(r), field.value);
        const m = (out[field.name] ??= {}) as Record<string, unknown>;
        m[k] = v;
        continue;
      }
    }
    if ('repeated' in field && field.repeated) ((out[field.name] ??= []) as unknown[]).push(value);
    else out[field.name] = value;
  }
  // JSON `omitempty`: generated Go marshals every scalar, so drop the zero values it wrote
  // (a zero metav1.Time included: kubectl's own JSON would carry `null` there).
  for (const field of Object.values(schema)) {
    const v = out[field.name];
    if (v === '' || v === 0 || v === false || v === null) delete out[field.name];
    if ('keep' in field && field.keep && out[field.name] === undefined) out[field.name] = false;
  }
  return out;
}

export function summarize(data: Buffer): string {
  if (data.length === 0) return '<empty>';
  const head = data.subarray(0, 30);
  const s = data[0] === 0x7b ? head.toString('utf8') : head.toString('hex');
  return data.length > 30 ? `${s} ...` : s;
}

/** The runtime.Unknown envelope after the `k8s\0` magic. */
export interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Reader;
}

// apiserver handlers transformDecodeError: without a kind from the body, summarize the bytes.
export function unrecognizedBody(body: Buffer, into: string, msg: string): StatusError {
  return new StatusError(
    400,
    'BadRequest',
    `the object provided is unrecognized (must be of type ${into}): ${msg} (${summarize(body)})`,
  );
}

/**
 * Splits a protobuf body into its envelope. `into` names the expected type in error messages.
 * Throws StatusError 400 on a missing magic prefix or truncated envelope bytes.
 */
export function readEnvelope(body: Buffer, into: string): Envelope {
  if (body.length < MAGIC.length || !body.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw unrecognizedBody(
      body,
      into,
      'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
    );
  }
  const envelope: Envelope = { apiVersion: '', kind: '', raw: { buf: body, pos: 0, end: 0 } };
  try {
    const r: Reader = { buf: body, pos: MAGIC.length, end: body.length };
    while (r.pos < r.end) {
      const tag = varint(r);
      const num = Math.floor(tag / 8);
      const wt = tag % 8;
      if (num === 1 && wt === 2) {
        const tm = decodeMessage(bytes(r), TYPE_META);
        envelope.apiVersion = typeof tm.apiVersion === 'string' ? tm.apiVersion : '';
        envelope.kind = typeof tm.kind === 'string' ? tm.kind : '';
      } else if (num === 2 && wt === 2) envelope.raw = bytes(r);
      else skip(r, wt);
    }
  } catch (e) {
    if (e instanceof DecodeError) throw unrecognizedBody(body, into, e.message);
    throw e;
  }
  return envelope;
}

/**
 * Decodes a `application/vnd.kubernetes.protobuf` body (magic `k8s\0` + runtime.Unknown) holding a
 * SelfSubjectAccessReview, SubjectAccessReview, LocalSubjectAccessReview, SelfSubjectRulesReview or
 * SelfSubjectReview into the object's JSON form, apiVersion/kind taken from the envelope.
 * `expectedKind` (the kind the URL serves) only shapes error messages and rejects other kinds.
 * Throws StatusError 400 BadRequest on a bad prefix, truncated bytes or an unsupported kind.
 */
export function decodeReviewProtobuf(body: Buffer, expectedKind?: string): KubeObject {
  const into = expectedKind ?? 'the requested type';
  const envelope = readEnvelope(body, into);
  const { apiVersion, kind } = envelope;
  if (kind === '')
    throw unrecognizedBody(body, into, `Object 'Kind' is missing in '${apiVersion}'`);
  const slash = apiVersion.lastIndexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const cannot = (msg: string): StatusError =>
    new StatusError(
      400,
      'BadRequest',
      `${kind} in version ${goQuote(version)} cannot be handled as a ${expectedKind ?? kind}: ${msg}`,
    );
  const known = KINDS[kind];
  if (!known || !known.groups.includes(group) || version === '') {
    throw cannot(`no kind ${goQuote(kind)} is registered for version ${goQuote(apiVersion)}`);
  }
  if (expectedKind !== undefined && expectedKind !== kind) {
    throw cannot(`expected kind ${expectedKind}, got ${kind}`);
  }
  try {
    const obj = decodeMessage(envelope.raw, known.schema);
    return { apiVersion, kind, ...obj, metadata: (obj.metadata as KubeObject['metadata']) ?? {} };
  } catch (e) {
    if (e instanceof DecodeError) throw cannot(e.message);
    throw e;
  }
}
