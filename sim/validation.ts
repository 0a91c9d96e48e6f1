// What kube-apiserver's validation rejects on create and update, as field causes and 422 Invalid errors.
import { tryParseQuantity } from '../lib/k8s/quantity';
import type { ResourceDescriptor } from '../lib/k8s/resources';
import { matches, requirementsOf } from '../lib/k8s/selectors';
import { StatusError } from './types';
import type { KubeObject, StatusCause } from './types';

export type CauseReason =
  | 'FieldValueInvalid'
  | 'FieldValueRequired'
  | 'FieldValueNotSupported'
  | 'FieldValueDuplicate'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueNotFound';

/** A validation failure; `message` is apimachinery's `field.Error.ErrorBody()` (no field prefix). */
export interface FieldCause extends StatusCause {
  reason: CauseReason;
  message: string;
  field: string;
}

// ---------------------------------------------------------------------------------------------
// Value printing: kube 1.32 renders bad values with Go's fmt (`%q` for strings, `%#v` otherwise),
// so maps and selectors read `map[string]string{"app":"web"}` (field/errors.go ErrorBody).

/** A value already rendered the way Go's `%#v` would print it. */
interface GoRaw {
  go: string;
}

type BadValue = string | number | boolean | null | undefined | GoRaw | unknown;

function isGoRaw(v: unknown): v is GoRaw {
  return typeof v === 'object' && v !== null && Object.keys(v).length === 1 && 'go' in v;
}

function goString(s: string): string {
  return JSON.stringify(s);
}

function goStringMap(m: Record<string, string> | undefined): string {
  if (m === undefined) return 'map[string]string(nil)';
  const body = Object.keys(m)
    .sort()
    .map((k) => `${goString(k)}:${goString(String(m[k]))}`)
    .join(', ');
  return `map[string]string{${body}}`;
}

function goStringSlice(a: readonly unknown[] | undefined): string {
  if (a === undefined) return '[]string(nil)';
  return `[]string{${a.map((s) => goString(String(s))).join(', ')}}`;
}

function goLabelSelector(sel: Record<string, unknown>): string {
  const ml = stringMap(sel.matchLabels);
  const exprs = sel.matchExpressions;
  const exprText = Array.isArray(exprs)
    ? `[]v1.LabelSelectorRequirement{${exprs
        .map((e) => {
          const r = rec(e) ?? {};
          const values = Array.isArray(r.values) ? goStringSlice(r.values) : '[]string(nil)';
          return `v1.LabelSelectorRequirement{Key:${goString(str(r.key))}, Operator:${goString(str(r.operator))}, Values:${values}}`;
        })
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${goStringMap(ml)}, MatchExpressions:${exprText}}`;
}

function formatValue(v: BadValue): string {
  if (isGoRaw(v)) return v.go;
  if (typeof v === 'string') return goString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return 'null';
  return JSON.stringify(v);
}

// ---------------------------------------------------------------------------------------------
// Cause builders, one per apimachinery field.Error constructor.

function invalid(field: string, value: BadValue, detail: string): FieldCause {
  const body = `Invalid value: ${formatValue(value)}`;
  return { reason: 'FieldValueInvalid', field, message: detail ? `${body}: ${detail}` : body };
}

function required(field: string, detail = ''): FieldCause {
  const message = detail ? `Required value: ${detail}` : 'Required value';
  return { reason: 'FieldValueRequired', field, message };
}

function notSupported(field: string, value: BadValue, valid: readonly string[]): FieldCause {
  const detail = valid.map(goString).join(', ');
  return {
    reason: 'FieldValueNotSupported',
    field,
    message: `Unsupported value: ${formatValue(value)}${detail ? `: supported values: ${detail}` : ''}`,
  };
}

function duplicate(field: string, value: BadValue): FieldCause {
  return {
    reason: 'FieldValueDuplicate',
    field,
    message: `Duplicate value: ${formatValue(value)}`,
  };
}

function forbidden(field: string, detail: string): FieldCause {
  return { reason: 'FieldValueForbidden', field, message: `Forbidden: ${detail}` };
}

function tooLong(field: string, max: number): FieldCause {
  return {
    reason: 'FieldValueTooLong',
    field,
    message: `Too long: must have at most ${max} bytes`,
  };
}

function notFound(field: string, value: BadValue): FieldCause {
  return { reason: 'FieldValueNotFound', field, message: `Not found: ${formatValue(value)}` };
}

// ---------------------------------------------------------------------------------------------
// Narrowing helpers for untyped JSON.

function rec(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function int(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

function stringMap(v: unknown): Record<string, string> | undefined {
  const r = rec(v);
  if (!r) return undefined;
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(r)) out[k] = typeof val === 'string' ? val : String(val);
  return out;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  const ra = rec(a);
  const rb = rec(b);
  if (!ra || !rb) return false;
  // Go's semantic equality treats absent and empty alike for most fields we compare.
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const k of keys) {
    if (!deepEqual(ra[k] ?? undefined, rb[k] ?? undefined) && !(isEmpty(ra[k]) && isEmpty(rb[k])))
      return false;
  }
  return true;
}

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === false || v === 0) return true;
  if (Array.isArray(v)) return v.length === 0;
  const r = rec(v);
  return r !== undefined && Object.keys(r).length === 0;
}

// ---------------------------------------------------------------------------------------------
// Name and key formats (apimachinery pkg/util/validation/validation.go, content/kube.go).

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const LABEL_KEY_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE_FMT = `(${LABEL_KEY_FMT})?`;
const CONFIG_MAP_KEY_FMT = '[-._a-zA-Z0-9]+';

const re = (fmt: string) => new RegExp(`^${fmt}$`);
const DNS1123_LABEL = re(DNS1123_LABEL_FMT);
const DNS1123_SUBDOMAIN = re(DNS1123_SUBDOMAIN_FMT);
const DNS1035_LABEL = re(DNS1035_LABEL_FMT);
const LABEL_KEY = re(LABEL_KEY_FMT);
const LABEL_VALUE = re(LABEL_VALUE_FMT);
const CONFIG_MAP_KEY = re(CONFIG_MAP_KEY_FMT);

function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  // Go builds "'a', " then " or " + "'b', ": the double space is kube's, keep it.
  const ex = examples.map((e) => `'${e}', `).join(' or ');
  return `${msg} (e.g. ${ex}regex used for validation is '${fmt}')`;
}

const maxLenError = (n: number) => `must be no more than ${n} characters`;

/** Length counts bytes, as Go's `len(string)` does. */
const byteLen = (s: string) => Buffer.byteLength(s, 'utf8');

export function isDNS1123Label(v: string): string[] {
  const errs: string[] = [];
  if (byteLen(v) > 63) errs.push(maxLenError(63));
  if (!DNS1123_LABEL.test(v)) {
    if (DNS1123_SUBDOMAIN.test(v)) errs.push('must not contain dots');
    else
      errs.push(
        regexError(
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
          DNS1123_LABEL_FMT,
          'my-name',
          '123-abc',
        ),
      );
  }
  return errs;
}

export function isDNS1123Subdomain(v: string): string[] {
  const errs: string[] = [];
  if (byteLen(v) > 253) errs.push(maxLenError(253));
  if (!DNS1123_SUBDOMAIN.test(v))
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN_FMT,
        'example.com',
      ),
    );
  return errs;
}

export function isDNS1035Label(v: string): string[] {
  const errs: string[] = [];
  if (byteLen(v) > 63) errs.push(maxLenError(63));
  if (!DNS1035_LABEL.test(v))
    errs.push(
      regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        DNS1035_LABEL_FMT,
        'my-name',
        'abc-123',
      ),
    );
  return errs;
}

/** RBAC object names only have to be usable as one URL path segment. */
function isPathSegmentName(v: string): string[] {
  if (v === '.' || v === '..') return [`may not be '${v}'`];
  const errs: string[] = [];
  for (const ch of ['/', '%']) if (v.includes(ch)) errs.push(`may not contain '${ch}'`);
  return errs;
}

const LABEL_KEY_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

export function isQualifiedName(v: string): string[] {
  const errs: string[] = [];
  const parts = v.split('/');
  let name: string;
  if (parts.length === 1) name = parts[0]!;
  else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix === '') errs.push('prefix part must be non-empty');
    else errs.push(...isDNS1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  } else {
    return [
      `a valid label key ${regexError(LABEL_KEY_MSG, LABEL_KEY_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name === '') errs.push('name part must be non-empty');
  else if (byteLen(name) > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!LABEL_KEY.test(name))
    errs.push(
      `name part ${regexError(LABEL_KEY_MSG, LABEL_KEY_FMT, 'MyName', 'my.name', '123-abc')}`,
    );
  return errs;
}

export function isLabelValue(v: string): string[] {
  const errs: string[] = [];
  if (byteLen(v) > 63) errs.push(maxLenError(63));
  if (!LABEL_VALUE.test(v))
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LABEL_VALUE_FMT,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  return errs;
}

function isConfigMapKey(v: string): string[] {
  const errs: string[] = [];
  if (byteLen(v) > 253) errs.push(maxLenError(253));
  if (!CONFIG_MAP_KEY.test(v))
    errs.push(
      regexError(
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
        CONFIG_MAP_KEY_FMT,
        'key.name',
        'KEY_NAME',
        'key-name',
      ),
    );
  if (v === '.') errs.push("must not be '.'");
  else if (v === '..') errs.push("must not be '..'");
  else if (v.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

const portRange = (p: number) =>
  p >= 1 && p <= 65535 ? [] : ['must be between 1 and 65535, inclusive'];

function isValidPortName(p: string): string[] {
  const errs: string[] = [];
  if (byteLen(p) > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(p))
    errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(p)) errs.push('must contain at least one letter (a-z)');
  if (p.includes('--')) errs.push('must not contain consecutive hyphens');
  if (p.startsWith('-') || p.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

function each(field: string, value: BadValue, msgs: string[]): FieldCause[] {
  return msgs.map((m) => invalid(field, value, m));
}

function dnsLabel(field: string, v: string): FieldCause[] {
  return each(field, v, isDNS1123Label(v));
}

function nonNegative(field: string, v: unknown): FieldCause[] {
  const n = int(v);
  return n !== undefined && n < 0 ? [invalid(field, n, 'must be greater than or equal to 0')] : [];
}

function portNumOrName(field: string, v: unknown): FieldCause[] {
  if (typeof v === 'number') return each(field, v, portRange(v));
  if (typeof v === 'string') {
    if (v === '') return [required(field, '')];
    return each(field, v, isValidPortName(v));
  }
  return [];
}

export function validateLabels(field: string, labels: unknown): FieldCause[] {
  const m = rec(labels);
  if (!m) return [];
  const out: FieldCause[] = [];
  for (const [k, v] of Object.entries(m)) {
    out.push(...each(field, k, isQualifiedName(k)));
    const value = typeof v === 'string' ? v : String(v);
    out.push(...each(field, value, isLabelValue(value)));
  }
  return out;
}

function validateAnnotations(field: string, annotations: unknown): FieldCause[] {
  const m = rec(annotations);
  if (!m) return [];
  const out: FieldCause[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(m)) {
    // Annotation keys are qualified names compared case-insensitively.
    out.push(...each(field, k, isQualifiedName(k.toLowerCase())));
    size += byteLen(k) + byteLen(typeof v === 'string' ? v : String(v));
  }
  if (size > 256 * 1024) out.push(tooLong(field, 256 * 1024));
  return out;
}

function validateLabelSelector(field: string, sel: Record<string, unknown>): FieldCause[] {
  const out: FieldCause[] = [];
  arr(sel.matchExpressions).forEach((e, i) => {
    const r = rec(e) ?? {};
    const p = `${field}.matchExpressions[${i}]`;
    const op = str(r.operator);
    const values = arr(r.values);
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0)
        out.push(required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0)
        out.push(
          forbidden(
            `${p}.values`,
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
          ),
        );
    } else out.push(invalid(`${p}.operator`, op, 'not a valid selector operator'));
    out.push(...each(`${p}.key`, str(r.key), isQualifiedName(str(r.key))));
  });
  out.push(...validateLabels(`${field}.matchLabels`, sel.matchLabels));
  return out;
}

// ---------------------------------------------------------------------------------------------
// ObjectMeta.

type NameFn = (name: string) => string[];

const NAME_RULES: Record<string, NameFn> = {
  Namespace: isDNS1123Label,
  Service: isDNS1035Label,
  Role: isPathSegmentName,
  RoleBinding: isPathSegmentName,
  ClusterRole: isPathSegmentName,
  ClusterRoleBinding: isPathSegmentName,
};

function validateMeta(d: ResourceDescriptor, obj: KubeObject): FieldCause[] {
  const m = obj.metadata ?? {};
  const out: FieldCause[] = [];
  const name = str(m.name);
  if (!name) out.push(required('metadata.name', 'name or generateName is required'));
  else out.push(...each('metadata.name', name, (NAME_RULES[d.kind] ?? isDNS1123Subdomain)(name)));
  // A cluster-scoped object's namespace is cleared before validation (rest.BeforeCreate), so
  // only namespaced kinds are checked here.
  if (d.namespaced) {
    const ns = str(m.namespace);
    if (!ns) out.push(required('metadata.namespace'));
    else out.push(...each('metadata.namespace', ns, isDNS1123Label(ns)));
  }
  out.push(...nonNegative('metadata.generation', m.generation));
  out.push(...validateLabels('metadata.labels', m.labels));
  out.push(...validateAnnotations('metadata.annotations', m.annotations));
  arr(m.ownerReferences).forEach((ref) => {
    const r = rec(ref) ?? {};
    const p = 'metadata.ownerReferences';
    if (!str(r.apiVersion).split('/').pop())
      out.push(invalid(`${p}.apiVersion`, str(r.apiVersion), 'version must not be empty'));
    if (!str(r.kind)) out.push(invalid(`${p}.kind`, '', 'must not be empty'));
    if (!str(r.name)) out.push(invalid(`${p}.name`, '', 'must not be empty'));
    if (!str(r.uid)) out.push(invalid(`${p}.uid`, '', 'must not be empty'));
  });
  for (const f of arr(m.finalizers))
    out.push(...each('metadata.finalizers', str(f), isQualifiedName(str(f))));
  return out;
}

function validateMetaUpdate(obj: KubeObject, old: KubeObject): FieldCause[] {
  const n = obj.metadata ?? {};
  const o = old.metadata ?? {};
  const out: FieldCause[] = [];
  if ((int(n.generation) ?? 0) < (int(o.generation) ?? 0))
    out.push(invalid('metadata.generation', int(n.generation) ?? 0, 'must not be decremented'));
  const immutable = (f: 'name' | 'namespace' | 'uid') => {
    const nv = str(n[f]);
    const ov = str(o[f]);
    // An omitted uid is copied from the stored object before validation (rest.BeforeUpdate).
    if (f === 'uid' && nv === '') return;
    if (nv !== ov) out.push(invalid(`metadata.${f}`, nv, 'field is immutable'));
  };
  immutable('name');
  immutable('namespace');
  immutable('uid');
  if (o.deletionTimestamp) {
    const had = new Set(arr(o.finalizers).map(str));
    const added = arr(n.finalizers)
      .map(str)
      .filter((f) => !had.has(f))
      .sort();
    if (added.length > 0)
      out.push(
        forbidden(
          'metadata.finalizers',
          `no new finalizers can be added if the object is being deleted, found new finalizers ${goStringSlice(added)}`,
        ),
      );
  }
  return out;
}

const quantityText = (q: unknown) => (typeof q === 'number' ? String(q) : str(q));

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

function validateResources(field: string, resources: unknown): FieldCause[] {
  const r = rec(resources);
  if (!r) return [];
  const out: FieldCause[] = [];
  const limits = rec(r.limits) ?? {};
  const requests = rec(r.requests) ?? {};
  const checkList = (kind: 'limits' | 'requests', list: Record<string, unknown>) => {
    for (const [name, q] of Object.entries(list)) {
      const p = `${field}.${kind}[${name}]`;
      if (
        !name.includes('/') &&
        !STANDARD_CONTAINER_RESOURCES.has(name) &&
        !name.startsWith('hugepages-')
      )
        out.push(invalid(p, name, 'must be a standard resource for containers'));
      const v = tryParseQuantity(q);
      if (v === undefined)
        out.push(
          invalid(
            p,
            quantityText(q),
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
          ),
        );
      else if (v < 0) out.push(invalid(p, quantityText(q), 'must be greater than or equal to 0'));
    }
  };
  checkList('limits', limits);
  checkList('requests', requests);
  for (const [name, q] of Object.entries(requests)) {
    const req = tryParseQuantity(q);
    const lim = tryParseQuantity(limits[name]);
    if (req !== undefined && lim !== undefined && req > lim)
      out.push(
        invalid(
          `${field}.requests`,
          quantityText(q),
          `must be less than or equal to ${name} limit of ${quantityText(limits[name])}`,
        ),
      );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// PodSpec (pkg/apis/core/validation ValidatePodSpec, trimmed to what users trip over).

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
const HANDLER_TYPES = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs',
  'iscsi', 'glusterfs', 'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker',
  'downwardAPI', 'fc', 'azureFile', 'configMap', 'vsphereVolume', 'quobyte', 'azureDisk',
  'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos', 'csi', 'ephemeral',
  'image',
]; // prettier-ignore

function validateProbe(field: string, probe: unknown, singleSuccess: boolean): FieldCause[] {
  const p = rec(probe);
  if (!p) return [];
  const out: FieldCause[] = [];
  const handlers = HANDLER_TYPES.filter((h) => p[h] !== undefined && p[h] !== null);
  if (handlers.length === 0) out.push(required(field, 'must specify a handler type'));
  for (const h of handlers.slice(1))
    out.push(forbidden(`${field}.${h}`, 'may not specify more than 1 handler type'));
  const http = rec(p.httpGet);
  if (http) {
    out.push(...portNumOrName(`${field}.httpGet.port`, http.port));
    const scheme = str(http.scheme);
    if (scheme && scheme !== 'HTTP' && scheme !== 'HTTPS')
      out.push(notSupported(`${field}.httpGet.scheme`, scheme, ['HTTP', 'HTTPS']));
  }
  const tcp = rec(p.tcpSocket);
  if (tcp) out.push(...portNumOrName(`${field}.tcpSocket.port`, tcp.port));
  for (const f of [
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'successThreshold',
    'failureThreshold',
  ])
    out.push(...nonNegative(`${field}.${f}`, p[f]));
  const st = int(p.successThreshold);
  if (singleSuccess && st !== undefined && st !== 1)
    out.push(invalid(`${field}.successThreshold`, st, 'must be 1'));
  return out;
}

function validateEnv(field: string, env: unknown): FieldCause[] {
  const out: FieldCause[] = [];
  arr(env).forEach((e, i) => {
    const r = rec(e) ?? {};
    const p = `${field}[${i}]`;
    const name = str(r.name);
    if (!name) out.push(required(`${p}.name`));
    // RelaxedEnvironmentVariableValidation is on by default in 1.32.
    else if (/[^\x20-\x7e]|=/.test(name))
      out.push(
        invalid(
          `${p}.name`,
          name,
          "a valid environment variable name must consist only of printable ASCII characters other than '='",
        ),
      );
    const from = rec(r.valueFrom);
    if (from) {
      const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'].filter(
        (s) => from[s] !== undefined,
      );
      if (sources.length === 0)
        out.push(
          invalid(
            `${p}.valueFrom`,
            '',
            'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
          ),
        );
      else if (sources.length > 1)
        out.push(
          invalid(`${p}.valueFrom`, '', 'may not have more than one field specified at a time'),
        );
      if (str(r.value) !== '')
        out.push(invalid(`${p}.valueFrom`, '', 'may not be specified when `value` is not empty'));
      for (const ref of ['configMapKeyRef', 'secretKeyRef']) {
        const k = rec(from[ref]);
        if (k && !str(k.key)) out.push(required(`${p}.valueFrom.${ref}.key`));
      }
      const fr = rec(from.fieldRef);
      if (fr && !str(fr.fieldPath)) out.push(required(`${p}.valueFrom.fieldRef.fieldPath`));
    }
  });
  return out;
}

function validateContainers(
  field: string,
  list: unknown,
  volumes: Set<string>,
  names: Set<string>,
  init: boolean,
): FieldCause[] {
  const out: FieldCause[] = [];
  arr(list).forEach((c, i) => {
    const r = rec(c) ?? {};
    const p = `${field}[${i}]`;
    const name = str(r.name);
    if (!name) out.push(required(`${p}.name`));
    else out.push(...dnsLabel(`${p}.name`, name));
    if (names.has(name)) out.push(duplicate(`${p}.name`, name));
    else names.add(name);
    if (!str(r.image)) out.push(required(`${p}.image`));
    const pull = str(r.imagePullPolicy);
    if (pull && !PULL_POLICIES.includes(pull))
      out.push(notSupported(`${p}.imagePullPolicy`, pull, PULL_POLICIES));
    const tmp = str(r.terminationMessagePolicy);
    if (tmp && !TERMINATION_MESSAGE_POLICIES.includes(tmp))
      out.push(notSupported(`${p}.terminationMessagePolicy`, tmp, TERMINATION_MESSAGE_POLICIES));

    const portNames = new Set<string>();
    arr(r.ports).forEach((port, j) => {
      const pr = rec(port) ?? {};
      const pp = `${p}.ports[${j}]`;
      const pname = str(pr.name);
      if (pname) {
        const msgs = isValidPortName(pname);
        if (msgs.length > 0) out.push(...each(`${pp}.name`, pname, msgs));
        else if (portNames.has(pname)) out.push(duplicate(`${pp}.name`, pname));
        else portNames.add(pname);
      }
      const cp = int(pr.containerPort) ?? 0;
      if (cp === 0) out.push(required(`${pp}.containerPort`));
      else out.push(...each(`${pp}.containerPort`, cp, portRange(cp)));
      const hp = int(pr.hostPort) ?? 0;
      if (hp !== 0) out.push(...each(`${pp}.hostPort`, hp, portRange(hp)));
      const proto = str(pr.protocol);
      if (proto && !PROTOCOLS.includes(proto))
        out.push(notSupported(`${pp}.protocol`, proto, PROTOCOLS));
    });

    out.push(...validateEnv(`${p}.env`, r.env));
    out.push(...validateResources(`${p}.resources`, r.resources));

    const mountPaths = new Set<string>();
    arr(r.volumeMounts).forEach((vm, j) => {
      const m = rec(vm) ?? {};
      const mp = `${p}.volumeMounts[${j}]`;
      const vname = str(m.name);
      if (!vname) out.push(required(`${mp}.name`));
      else if (!volumes.has(vname)) out.push(notFound(`${mp}.name`, vname));
      const path = str(m.mountPath);
      if (!path) out.push(required(`${mp}.mountPath`));
      else if (mountPaths.has(path)) out.push(invalid(`${mp}.mountPath`, path, 'must be unique'));
      mountPaths.add(path);
    });

    // Probes on init containers are only for sidecars (restartPolicy: Always).
    const sidecar = init && str(r.restartPolicy) === 'Always';
    if (!init || sidecar) {
      out.push(...validateProbe(`${p}.livenessProbe`, r.livenessProbe, true));
      out.push(...validateProbe(`${p}.readinessProbe`, r.readinessProbe, false));
      out.push(...validateProbe(`${p}.startupProbe`, r.startupProbe, true));
    } else {
      for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe'])
        if (r[probe] !== undefined)
          out.push(
            forbidden(
              `${p}.${probe}`,
              'may not be set for init containers without restartPolicy=Always',
            ),
          );
    }
  });
  return out;
}

function validatePodSpec(field: string, spec: unknown): FieldCause[] {
  const s = rec(spec) ?? {};
  const out: FieldCause[] = [];

  const volumes = new Set<string>();
  arr(s.volumes).forEach((v, i) => {
    const r = rec(v) ?? {};
    const p = `${field}.volumes[${i}]`;
    const name = str(r.name);
    if (!name) out.push(required(`${p}.name`));
    else out.push(...dnsLabel(`${p}.name`, name));
    if (name && volumes.has(name)) out.push(duplicate(`${p}.name`, name));
    volumes.add(name);
    const sources = VOLUME_SOURCES.filter((k) => r[k] !== undefined && r[k] !== null);
    if (sources.length === 0) out.push(required(p, 'must specify a volume type'));
    for (const extra of sources.slice(1))
      out.push(forbidden(`${p}.${extra}`, 'may not specify more than 1 volume type'));
  });

  const names = new Set<string>();
  if (arr(s.containers).length === 0) out.push(required(`${field}.containers`));
  out.push(...validateContainers(`${field}.containers`, s.containers, volumes, names, false));
  out.push(
    ...validateContainers(`${field}.initContainers`, s.initContainers, volumes, names, true),
  );

  const restart = str(s.restartPolicy);
  if (restart && !RESTART_POLICIES.includes(restart))
    out.push(notSupported(`${field}.restartPolicy`, restart, RESTART_POLICIES));
  const dns = str(s.dnsPolicy);
  if (dns && !DNS_POLICIES.includes(dns))
    out.push(notSupported(`${field}.dnsPolicy`, dns, DNS_POLICIES));
  const ads = int(s.activeDeadlineSeconds);
  if (ads !== undefined && (ads < 1 || ads > 2147483647))
    out.push(
      invalid(`${field}.activeDeadlineSeconds`, ads, 'must be between 1 and 2147483647, inclusive'),
    );
  out.push(...validateLabels(`${field}.nodeSelector`, s.nodeSelector));
  const sa = str(s.serviceAccountName);
  if (sa) out.push(...each(`${field}.serviceAccountName`, sa, isDNS1123Subdomain(sa)));
  for (const f of ['hostname', 'subdomain']) {
    const v = str(s[f]);
    if (v) out.push(...dnsLabel(`${field}.${f}`, v));
  }
  return out;
}

function validatePodTemplate(field: string, template: unknown): FieldCause[] {
  const t = rec(template);
  if (!t) return [required(field)];
  const meta = rec(t.metadata) ?? {};
  return [
    ...validateLabels(`${field}.metadata.labels`, meta.labels),
    ...validateAnnotations(`${field}.metadata.annotations`, meta.annotations),
    ...validatePodSpec(`${field}.spec`, t.spec),
  ];
}

// ---------------------------------------------------------------------------------------------
// Workloads (pkg/apis/apps/validation, pkg/apis/batch/validation).

function templateLabels(template: unknown): Record<string, string> | undefined {
  return stringMap(rec(rec(template)?.metadata)?.labels);
}

/** Selector presence, emptiness and its match with the template's labels. */
function validateSelectorAndTemplate(
  spec: Record<string, unknown>,
  field: string,
  emptyMsg: string,
  selectorRequired = true,
): FieldCause[] {
  const out: FieldCause[] = [];
  const sel = rec(spec.selector);
  if (!sel) {
    if (selectorRequired) out.push(required(`${field}.selector`));
    return out;
  }
  out.push(...validateLabelSelector(`${field}.selector`, sel));
  const reqs = requirementsOf({
    matchLabels: stringMap(sel.matchLabels),
    matchExpressions: arr(sel.matchExpressions).map((e) => {
      const r = rec(e) ?? {};
      return { key: str(r.key), operator: str(r.operator), values: arr(r.values).map(str) };
    }),
  });
  if (reqs.length === 0)
    out.push(invalid(`${field}.selector`, { go: goLabelSelector(sel) }, emptyMsg));
  else {
    const labels = templateLabels(spec.template);
    if (!matches(reqs, labels))
      out.push(
        invalid(
          `${field}.template.metadata.labels`,
          { go: goStringMap(labels) },
          '`selector` does not match template `labels`',
        ),
      );
  }
  return out;
}

function restartPolicyOf(template: unknown): string {
  return str(rec(rec(template)?.spec)?.restartPolicy);
}

function validateReplicated(kind: string, spec: Record<string, unknown>): FieldCause[] {
  const out: FieldCause[] = [...nonNegative('spec.replicas', spec.replicas)];
  const emptyMsg =
    kind === 'StatefulSet'
      ? 'empty selector is not valid for statefulset.'
      : 'empty selector is invalid for deployment';
  const selectorCauses = validateSelectorAndTemplate(spec, 'spec', emptyMsg);
  out.push(...selectorCauses);
  // Deployments and ReplicaSets stop at a missing selector (apps validation returns early).
  if (!rec(spec.selector) && kind !== 'StatefulSet') return out;
  out.push(...validatePodTemplate('spec.template', spec.template));
  const rp = restartPolicyOf(spec.template);
  if (rp && rp !== 'Always')
    out.push(notSupported('spec.template.spec.restartPolicy', rp, ['Always']));
  if (rec(rec(spec.template)?.spec)?.activeDeadlineSeconds !== undefined)
    out.push(
      forbidden(
        'spec.template.spec.activeDeadlineSeconds',
        `activeDeadlineSeconds in ${kind === 'StatefulSet' ? 'StatefulSet' : 'ReplicaSet'} is not Supported`,
      ),
    );
  out.push(...nonNegative('spec.minReadySeconds', spec.minReadySeconds));
  out.push(...nonNegative('spec.revisionHistoryLimit', spec.revisionHistoryLimit));

  if (kind === 'Deployment') {
    const strategy = rec(spec.strategy) ?? {};
    const type = str(strategy.type);
    if (type && type !== 'Recreate' && type !== 'RollingUpdate')
      out.push(notSupported('spec.strategy.type', type, ['Recreate', 'RollingUpdate']));
    if (type === 'Recreate' && strategy.rollingUpdate)
      out.push(
        forbidden(
          'spec.strategy.rollingUpdate',
          "may not be specified when strategy `type` is 'Recreate'",
        ),
      );
    const pds = int(spec.progressDeadlineSeconds);
    if (pds !== undefined) {
      out.push(...nonNegative('spec.progressDeadlineSeconds', pds));
      if (pds <= (int(spec.minReadySeconds) ?? 0))
        out.push(
          invalid('spec.progressDeadlineSeconds', pds, 'must be greater than minReadySeconds'),
        );
    }
  }
  if (kind === 'StatefulSet') {
    const pmp = str(spec.podManagementPolicy);
    if (pmp && pmp !== 'OrderedReady' && pmp !== 'Parallel')
      out.push(invalid('spec.podManagementPolicy', pmp, "must be 'OrderedReady' or 'Parallel'"));
    const us = rec(spec.updateStrategy) ?? {};
    const ut = str(us.type);
    if (ut && ut !== 'RollingUpdate' && ut !== 'OnDelete')
      out.push(notSupported('spec.updateStrategy.type', ut, ['OnDelete', 'RollingUpdate']));
    out.push(
      ...nonNegative(
        'spec.updateStrategy.rollingUpdate.partition',
        rec(us.rollingUpdate)?.partition,
      ),
    );
  }
  return out;
}

function validateReplicatedUpdate(
  kind: string,
  spec: Record<string, unknown>,
  old: Record<string, unknown>,
): FieldCause[] {
  if (kind === 'StatefulSet') {
    const mutable = [
      'replicas',
      'ordinals',
      'template',
      'updateStrategy',
      'persistentVolumeClaimRetentionPolicy',
      'minReadySeconds',
    ];
    const strip = (s: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(s).filter(([k]) => !mutable.includes(k)));
    return deepEqual(strip(spec), strip(old))
      ? []
      : [
          forbidden(
            'spec',
            "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
          ),
        ];
  }
  // apps/v1 made the selector immutable for Deployments and ReplicaSets.
  const sel = rec(spec.selector);
  if (sel && !deepEqual(spec.selector, old.selector))
    return [invalid('spec.selector', { go: goLabelSelector(sel) }, 'field is immutable')];
  return [];
}

const COMPLETION_MODES = ['NonIndexed', 'Indexed'];

function validateJobSpec(
  field: string,
  spec: Record<string, unknown>,
  generated: boolean,
): FieldCause[] {
  const out: FieldCause[] = [];
  for (const f of ['parallelism', 'completions', 'backoffLimit', 'ttlSecondsAfterFinished'])
    out.push(...nonNegative(`${field}.${f}`, spec[f]));
  const ads = int(spec.activeDeadlineSeconds);
  if (ads !== undefined && ads <= 0)
    out.push(invalid(`${field}.activeDeadlineSeconds`, ads, 'must be greater than 0'));
  // The registry generates a Job's selector unless manualSelector is set.
  const manual = spec.manualSelector === true;
  if (generated)
    out.push(
      ...validateSelectorAndTemplate(
        spec,
        field,
        'empty selector is invalid for deployment',
        manual,
      ),
    );
  out.push(...validatePodTemplate(`${field}.template`, spec.template));
  const rp = restartPolicyOf(spec.template);
  if (rp !== 'OnFailure' && rp !== 'Never')
    out.push(notSupported(`${field}.template.spec.restartPolicy`, rp, ['OnFailure', 'Never']));
  const mode = str(spec.completionMode);
  if (mode && !COMPLETION_MODES.includes(mode))
    out.push(notSupported(`${field}.completionMode`, mode, COMPLETION_MODES));
  if (mode === 'Indexed' && spec.completions === undefined)
    out.push(required(`${field}.completions`, 'when completion mode is Indexed'));
  return out;
}

function validateJobUpdate(
  spec: Record<string, unknown>,
  old: Record<string, unknown>,
): FieldCause[] {
  const out: FieldCause[] = [];
  const sel = rec(spec.selector);
  if (sel && !deepEqual(spec.selector, old.selector))
    out.push(invalid('spec.selector', { go: goLabelSelector(sel) }, 'field is immutable'));
  // Suspended jobs may change their template (scheduling directives); others may not.
  if (old.suspend !== true && !deepEqual(spec.template, old.template))
    out.push(invalid('spec.template', spec.template, 'field is immutable'));
  if (str(spec.completionMode) !== str(old.completionMode))
    out.push(invalid('spec.completionMode', str(spec.completionMode), 'field is immutable'));
  if (str(spec.completionMode) !== 'Indexed' && spec.completions !== old.completions) {
    const c = int(spec.completions);
    out.push(invalid('spec.completions', c ?? null, 'field is immutable'));
  }
  return out;
}

const CRON_MACROS = [
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly',
];

function validateCronJob(spec: Record<string, unknown>): FieldCause[] {
  const out: FieldCause[] = [];
  const schedule = str(spec.schedule);
  if (!schedule) out.push(required('spec.schedule'));
  else if (!CRON_MACROS.includes(schedule) && !schedule.startsWith('@every ')) {
    const fields = schedule.trim().split(/\s+/);
    if (schedule.startsWith('@'))
      out.push(invalid('spec.schedule', schedule, `unrecognized descriptor: ${schedule}`));
    else if (fields.length !== 5)
      out.push(
        invalid(
          'spec.schedule',
          schedule,
          `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`,
        ),
      );
  }
  const cp = str(spec.concurrencyPolicy);
  const policies = ['Allow', 'Forbid', 'Replace'];
  if (!cp) out.push(required('spec.concurrencyPolicy'));
  else if (!policies.includes(cp)) out.push(notSupported('spec.concurrencyPolicy', cp, policies));
  for (const f of [
    'startingDeadlineSeconds',
    'successfulJobsHistoryLimit',
    'failedJobsHistoryLimit',
  ])
    out.push(...nonNegative(`spec.${f}`, spec[f]));
  const jt = rec(spec.jobTemplate);
  if (!jt) out.push(required('spec.jobTemplate'));
  else out.push(...validateJobSpec('spec.jobTemplate.spec', rec(jt.spec) ?? {}, false));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Networking, config, RBAC, autoscaling.

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];

function validateService(spec: Record<string, unknown>): FieldCause[] {
  const out: FieldCause[] = [];
  const type = str(spec.type) || 'ClusterIP';
  if (!SERVICE_TYPES.includes(type)) out.push(notSupported('spec.type', type, SERVICE_TYPES));
  const headless = str(spec.clusterIP) === 'None';
  const ports = arr(spec.ports);
  if (type === 'ExternalName') {
    const en = str(spec.externalName);
    if (!en) out.push(required('spec.externalName'));
    else out.push(...each('spec.externalName', en, isDNS1123Subdomain(en.replace(/\.$/, ''))));
  } else if (ports.length === 0 && !headless) out.push(required('spec.ports'));
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const r = rec(port) ?? {};
    const p = `spec.ports[${i}]`;
    const name = str(r.name);
    if (ports.length > 1 && !name) out.push(required(`${p}.name`));
    else if (name) out.push(...dnsLabel(`${p}.name`, name));
    if (name && names.has(name)) out.push(duplicate(`${p}.name`, name));
    names.add(name);
    const num = int(r.port) ?? 0;
    out.push(...each(`${p}.port`, num, portRange(num)));
    const proto = str(r.protocol);
    if (proto && !PROTOCOLS.includes(proto))
      out.push(notSupported(`${p}.protocol`, proto, PROTOCOLS));
    if (r.targetPort !== undefined && r.targetPort !== 0)
      out.push(...portNumOrName(`${p}.targetPort`, r.targetPort));
    const np = int(r.nodePort) ?? 0;
    if (np !== 0) {
      if (type === 'ClusterIP' || type === 'ExternalName')
        out.push(forbidden(`${p}.nodePort`, `may not be used when \`type\` is '${type}'`));
      else out.push(...each(`${p}.nodePort`, np, portRange(np)));
    }
  });
  const affinity = str(spec.sessionAffinity);
  if (affinity && affinity !== 'None' && affinity !== 'ClientIP')
    out.push(notSupported('spec.sessionAffinity', affinity, ['ClientIP', 'None']));
  out.push(...validateLabels('spec.selector', spec.selector));
  return out;
}

function validateServiceUpdate(
  spec: Record<string, unknown>,
  old: Record<string, unknown>,
): FieldCause[] {
  // The registry copies an omitted clusterIP from the stored Service before validating.
  const now = str(spec.clusterIP);
  const before = str(old.clusterIP);
  if (str(old.type) === 'ExternalName' || str(spec.type) === 'ExternalName') return [];
  if (now && before && now !== before) {
    const ips = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [now];
    return [invalid('spec.clusterIPs[0]', { go: goStringSlice(ips) }, 'may not change once set')];
  }
  return [];
}

const MAX_DATA_SIZE = 1024 * 1024;

function validateDataKeys(obj: KubeObject, bags: string[]): FieldCause[] {
  const out: FieldCause[] = [];
  let size = 0;
  const seen = new Set<string>();
  for (const bag of bags) {
    for (const [k, v] of Object.entries(rec(obj[bag]) ?? {})) {
      out.push(...each(`${bag}[${k}]`, k, isConfigMapKey(k)));
      if (bag === 'binaryData' && seen.has(k))
        out.push(invalid(`${bag}[${k}]`, k, 'duplicate of key present in data'));
      seen.add(k);
      size += typeof v === 'string' ? byteLen(v) : 0;
    }
  }
  if (size > MAX_DATA_SIZE)
    out.push(tooLong(bags[0] === 'binaryData' ? '' : 'data', MAX_DATA_SIZE));
  return out;
}

const SECRET_REQUIRED_KEYS: Record<string, string[]> = {
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/basic-auth': [],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
};

function validateSecret(obj: KubeObject): FieldCause[] {
  const out = validateDataKeys(obj, ['data', 'stringData']);
  const type = str(obj.type);
  const data = { ...(rec(obj.data) ?? {}), ...(rec(obj.stringData) ?? {}) };
  for (const key of SECRET_REQUIRED_KEYS[type] ?? [])
    if (!(key in data)) out.push(required(`data[${key}]`));
  if (type === 'kubernetes.io/service-account-token') {
    const ann = obj.metadata?.annotations ?? {};
    if (!ann['kubernetes.io/service-account.name'])
      out.push(required('metadata.annotations[kubernetes.io/service-account.name]'));
  }
  return out;
}

function validateImmutableData(obj: KubeObject, old: KubeObject, bags: string[]): FieldCause[] {
  const out: FieldCause[] = [];
  if (old.immutable !== true) return out;
  if (obj.immutable !== true)
    out.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
  for (const bag of bags)
    if (!deepEqual(obj[bag] ?? {}, old[bag] ?? {}))
      out.push(forbidden(bag, 'field is immutable when `immutable` is set'));
  return out;
}

const RBAC_GROUP = 'rbac.authorization.k8s.io';

function validateRules(rules: unknown, namespaced: boolean): FieldCause[] {
  const out: FieldCause[] = [];
  arr(rules).forEach((rule, i) => {
    const r = rec(rule) ?? {};
    const p = `rules[${i}]`;
    if (arr(r.verbs).length === 0)
      out.push(required(`${p}.verbs`, 'verbs must contain at least one value'));
    const urls = arr(r.nonResourceURLs);
    if (urls.length > 0) {
      const value = { go: goStringSlice(urls) };
      if (namespaced)
        out.push(
          invalid(
            `${p}.nonResourceURLs`,
            value,
            'namespaced rules cannot apply to non-resource URLs',
          ),
        );
      if (arr(r.apiGroups).length + arr(r.resources).length + arr(r.resourceNames).length > 0)
        out.push(
          invalid(
            `${p}.nonResourceURLs`,
            value,
            'rules cannot apply to both regular resources and non-resource URLs',
          ),
        );
      return;
    }
    if (arr(r.apiGroups).length === 0)
      out.push(required(`${p}.apiGroups`, 'resource rules must supply at least one api group'));
    if (arr(r.resources).length === 0)
      out.push(required(`${p}.resources`, 'resource rules must supply at least one resource'));
  });
  return out;
}

function validateBinding(obj: KubeObject, namespaced: boolean): FieldCause[] {
  const out: FieldCause[] = [];
  const ref = rec(obj.roleRef) ?? {};
  if (str(ref.apiGroup) !== RBAC_GROUP)
    out.push(notSupported('roleRef.apiGroup', str(ref.apiGroup), [RBAC_GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(str(ref.kind))) out.push(notSupported('roleRef.kind', str(ref.kind), kinds));
  if (!str(ref.name)) out.push(required('roleRef.name'));
  else out.push(...each('roleRef.name', str(ref.name), isPathSegmentName(str(ref.name))));
  arr(obj.subjects).forEach((s, i) => {
    const r = rec(s) ?? {};
    const p = `subjects[${i}]`;
    const kind = str(r.kind);
    if (!str(r.name)) out.push(required(`${p}.name`));
    if (kind === 'ServiceAccount') {
      if (str(r.apiGroup)) out.push(notSupported(`${p}.apiGroup`, str(r.apiGroup), ['']));
      if (!namespaced && !str(r.namespace)) out.push(required(`${p}.namespace`));
    } else if (kind === 'User' || kind === 'Group') {
      if (str(r.apiGroup) !== RBAC_GROUP)
        out.push(notSupported(`${p}.apiGroup`, str(r.apiGroup), [RBAC_GROUP]));
    } else out.push(notSupported(`${p}.kind`, kind, ['ServiceAccount', 'User', 'Group']));
  });
  return out;
}

function goRoleRef(ref: unknown): GoRaw {
  const r = rec(ref) ?? {};
  return {
    go: `rbac.RoleRef{APIGroup:${goString(str(r.apiGroup))}, Kind:${goString(str(r.kind))}, Name:${goString(str(r.name))}}`,
  };
}

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];

function validateIngressBackend(field: string, backend: unknown): FieldCause[] {
  const b = rec(backend);
  if (!b) return [];
  const svc = rec(b.service);
  if (!svc && !rec(b.resource))
    return [invalid(field, '', 'one backend (`service` or `resource`) must be specified')];
  if (!svc) return [];
  const out: FieldCause[] = [];
  const name = str(svc.name);
  if (!name) out.push(required(`${field}.service.name`));
  else out.push(...each(`${field}.service.name`, name, isDNS1035Label(name)));
  const port = rec(svc.port) ?? {};
  const hasName = str(port.name) !== '';
  const hasNumber = int(port.number) !== undefined && int(port.number) !== 0;
  if (hasName && hasNumber)
    out.push(invalid(`${field}.service.port`, '', 'cannot set both port name & port number'));
  else if (hasName)
    out.push(
      ...each(`${field}.service.port.name`, str(port.name), isValidPortName(str(port.name))),
    );
  else if (hasNumber) {
    const n = int(port.number)!;
    out.push(...each(`${field}.service.port.number`, n, portRange(n)));
  } else out.push(required(`${field}.service.port`, 'port name or number is required'));
  return out;
}

function validateIngress(spec: Record<string, unknown>): FieldCause[] {
  const out: FieldCause[] = [];
  if (spec.defaultBackend !== undefined)
    out.push(...validateIngressBackend('spec.defaultBackend', spec.defaultBackend));
  const rules = arr(spec.rules);
  if (rules.length === 0 && !spec.defaultBackend)
    out.push(
      invalid(
        'spec.rules',
        { go: '[]networking.IngressRule(nil)' },
        'either `defaultBackend` or `rules` must be specified',
      ),
    );
  rules.forEach((rule, i) => {
    const r = rec(rule) ?? {};
    const p = `spec.rules[${i}]`;
    const host = str(r.host);
    if (host) {
      const bare = host.startsWith('*.') ? host.slice(2) : host;
      out.push(...each(`${p}.host`, host, isDNS1123Subdomain(bare)));
    }
    const http = rec(r.http);
    if (!http) return;
    const paths = arr(http.paths);
    if (paths.length === 0) out.push(required(`${p}.http.paths`));
    paths.forEach((path, j) => {
      const pp = `${p}.http.paths[${j}]`;
      const pr = rec(path) ?? {};
      const pt = str(pr.pathType);
      if (!pt) out.push(required(`${pp}.pathType`, 'pathType must be specified'));
      else if (!PATH_TYPES.includes(pt)) out.push(notSupported(`${pp}.pathType`, pt, PATH_TYPES));
      const pathText = str(pr.path);
      if ((pt === 'Exact' || pt === 'Prefix') && !pathText.startsWith('/'))
        out.push(invalid(`${pp}.path`, pathText, 'must be an absolute path'));
      out.push(...validateIngressBackend(`${pp}.backend`, pr.backend));
    });
  });
  return out;
}

function validateHPA(spec: Record<string, unknown>): FieldCause[] {
  const out: FieldCause[] = [];
  const ref = rec(spec.scaleTargetRef) ?? {};
  if (!str(ref.kind)) out.push(required('spec.scaleTargetRef.kind'));
  if (!str(ref.name)) out.push(required('spec.scaleTargetRef.name'));
  const min = int(spec.minReplicas);
  const max = int(spec.maxReplicas) ?? 0;
  if (min !== undefined && min < 1)
    out.push(invalid('spec.minReplicas', min, 'must be greater than or equal to 1'));
  if (max < 1) out.push(invalid('spec.maxReplicas', max, 'must be greater than 0'));
  if (min !== undefined && max < min)
    out.push(invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Pods on update: almost the whole spec is frozen.

const POD_UPDATE_FORBIDDEN =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

function podSpecForCompare(spec: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...spec };
  for (const list of ['containers', 'initContainers'])
    if (Array.isArray(copy[list]))
      copy[list] = (copy[list] as unknown[]).map((c) => ({ ...(rec(c) ?? {}), image: undefined }));
  delete copy.activeDeadlineSeconds;
  delete copy.tolerations;
  delete copy.terminationGracePeriodSeconds;
  // Scheduling gates may only be removed; the rest of the spec is compared as a whole.
  delete copy.schedulingGates;
  return copy;
}

function validatePodUpdate(
  spec: Record<string, unknown>,
  old: Record<string, unknown>,
): FieldCause[] {
  const out: FieldCause[] = [];
  if (!deepEqual(podSpecForCompare(spec), podSpecForCompare(old)))
    out.push(forbidden('spec', POD_UPDATE_FORBIDDEN));
  const oldTol = arr(old.tolerations);
  const newTol = arr(spec.tolerations);
  if (!oldTol.every((t) => newTol.some((n) => deepEqual(n, t))))
    out.push(
      forbidden(
        'spec.tolerations',
        'existing toleration can not be modified except its tolerationSeconds',
      ),
    );
  return out;
}

// ---------------------------------------------------------------------------------------------

/**
 * The causes kube-apiserver would reject `obj` with, in its order: metadata first, then the kind's
 * spec. Pass `old` on update to add the immutability rules. Run it after `applyDefaults`, as the
 * apiserver does (a Job without restartPolicy fails only once the pod default `Always` is in).
 */
export function validateObject(
  d: ResourceDescriptor,
  obj: KubeObject,
  old?: KubeObject,
): FieldCause[] {
  // Access reviews are not stored objects: no name, nothing kube validates here.
  if (d.createOnly) return [];
  const out = validateMeta(d, obj);
  if (old) out.push(...validateMetaUpdate(obj, old));
  const spec = rec(obj.spec) ?? {};
  const oldSpec = rec(old?.spec) ?? {};
  switch (d.kind) {
    case 'Pod':
      out.push(...validatePodSpec('spec', obj.spec));
      if (old) out.push(...validatePodUpdate(spec, oldSpec));
      break;
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
      out.push(...validateReplicated(d.kind, spec));
      if (old) out.push(...validateReplicatedUpdate(d.kind, spec, oldSpec));
      break;
    case 'Job':
      out.push(...validateJobSpec('spec', spec, true));
      if (old) out.push(...validateJobUpdate(spec, oldSpec));
      break;
    case 'CronJob': {
      out.push(...validateCronJob(spec));
      const name = str(obj.metadata?.name);
      if (byteLen(name) > 52)
        out.push(invalid('metadata.name', name, 'must be no more than 52 characters'));
      break;
    }
    case 'Service':
      out.push(...validateService(spec));
      if (old) out.push(...validateServiceUpdate(spec, oldSpec));
      break;
    case 'ConfigMap':
      out.push(...validateDataKeys(obj, ['data', 'binaryData']));
      if (old) out.push(...validateImmutableData(obj, old, ['data', 'binaryData']));
      break;
    case 'Secret':
      out.push(...validateSecret(obj));
      if (old) {
        if (str(obj.type) !== str(old.type))
          out.push(invalid('type', str(obj.type), 'field is immutable'));
        out.push(...validateImmutableData(obj, old, ['data']));
      }
      break;
    case 'Role':
    case 'ClusterRole':
      out.push(...validateRules(obj.rules, d.kind === 'Role'));
      break;
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      out.push(...validateBinding(obj, d.kind === 'RoleBinding'));
      if (old && !deepEqual(obj.roleRef, old.roleRef))
        out.push(invalid('roleRef', goRoleRef(obj.roleRef), 'cannot change roleRef'));
      break;
    case 'Ingress':
      out.push(...validateIngress(spec));
      break;
    case 'HorizontalPodAutoscaler':
      out.push(...validateHPA(spec));
      break;
  }
  return out;
}

/**
 * 422 Invalid as apimachinery `NewInvalid` builds it: `Deployment.apps "x" is invalid: a: m` for
 * one cause, `[a: m, b: n]` for several (identical lines dropped), details carry the causes.
 */
export function invalidError(
  d: ResourceDescriptor,
  name: string,
  causes: StatusCause[],
): StatusError {
  const qualifiedKind = d.group ? `${d.kind}.${d.group}` : d.kind;
  const lines = [...new Set(causes.map((c) => `${c.field ?? ''}: ${c.message ?? ''}`))];
  let message = `${qualifiedKind} ${JSON.stringify(name)} is invalid`;
  if (lines.length === 1) message += `: ${lines[0]}`;
  else if (lines.length > 1) message += `: [${lines.join(', ')}]`;
  return new StatusError(422, 'Invalid', message, {
    name,
    group: d.group,
    kind: d.kind,
    causes: causes.map((c) => ({ reason: c.reason, message: c.message, field: c.field })),
  });
}
