// RBAC as kube-apiserver decides it: authorization, 403 messages, rule listing, role aggregation.
import { matches, requirementsOf } from '../lib/k8s/selectors';
import { StatusError } from './types';
import type { KubeObject, PolicyRule, RequestAttributes, StatusDetails, UserInfo } from './types';

/** Read access to the RBAC objects the store holds; the store provides it. */
export interface RbacSnapshot {
  clusterRoles: KubeObject[];
  clusterRoleBindings: KubeObject[];
  roles(ns: string): KubeObject[];
  roleBindings(ns: string): KubeObject[];
}

export interface Decision {
  allowed: boolean;
  /** `RBAC: allowed by …` on allow; on deny '' or the missing roles bindings name. */
  reason: string;
}

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

export interface RoleRef {
  kind: string;
  name: string;
  apiGroup?: string;
}

const SA_PREFIX = 'system:serviceaccount:';
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** `system:serviceaccount:ns:name` → {namespace, name}, checked as serviceaccount.SplitUsername does. */
export function splitServiceAccountUsername(
  username: string,
): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SA_PREFIX)) return undefined;
  const parts = username.slice(SA_PREFIX.length).split(':');
  if (parts.length !== 2) return undefined;
  const [namespace = '', name = ''] = parts;
  if (namespace.length > 63 || !DNS_LABEL.test(namespace)) return undefined;
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) return undefined;
  return { namespace, name };
}

/** The groups a service account token authenticates with (`system:authenticated` comes on top). */
export function serviceAccountGroups(namespace: string): string[] {
  return ['system:serviceaccounts', `system:serviceaccounts:${namespace}`];
}

/** The identity a service account token yields, as the apiserver's authenticators build it. */
export function serviceAccountUser(namespace: string, name: string): UserInfo {
  return {
    username: `${SA_PREFIX}${namespace}:${name}`,
    groups: [...serviceAccountGroups(namespace), 'system:authenticated'],
  };
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}

function record(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : {};
}

/** The rules of a Role or ClusterRole, tolerating missing or malformed fields. */
export function rulesOf(role: KubeObject): PolicyRule[] {
  const rules = Array.isArray(role.rules) ? role.rules : [];
  return rules.map((r) => {
    const o = record(r);
    const rule: PolicyRule = { verbs: strings(o.verbs) };
    if (o.apiGroups !== undefined) rule.apiGroups = strings(o.apiGroups);
    if (o.resources !== undefined) rule.resources = strings(o.resources);
    if (o.resourceNames !== undefined) rule.resourceNames = strings(o.resourceNames);
    if (o.nonResourceURLs !== undefined) rule.nonResourceURLs = strings(o.nonResourceURLs);
    return rule;
  });
}

function subjectsOf(binding: KubeObject): Subject[] {
  const subjects = Array.isArray(binding.subjects) ? binding.subjects : [];
  return subjects.map((s) => {
    const o = record(s);
    const subject: Subject = { kind: String(o.kind ?? ''), name: String(o.name ?? '') };
    if (typeof o.namespace === 'string') subject.namespace = o.namespace;
    if (typeof o.apiGroup === 'string') subject.apiGroup = o.apiGroup;
    return subject;
  });
}

function roleRefOf(binding: KubeObject): RoleRef {
  const o = record(binding.roleRef);
  return { kind: String(o.kind ?? ''), name: String(o.name ?? '') };
}

// k/k pkg/registry/rbac/validation/rule.go appliesToUser
function appliesToUser(user: UserInfo, subject: Subject, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.username === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      // A RoleBinding may leave the SA's namespace out: it then means the binding's own namespace.
      const ns = subject.namespace || bindingNamespace;
      if (ns === '') return false;
      return user.username === `${SA_PREFIX}${ns}:${subject.name}`;
    }
    default:
      return false;
  }
}

function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === 'ServiceAccount') {
    return `${s.kind} ${goQuote(`${s.name}/${s.namespace || bindingNamespace}`)}`;
  }
  return `${s.kind} ${goQuote(s.name)}`;
}

type Visitor = (source: string, rule: PolicyRule) => boolean;

function notFoundError(kind: 'role' | 'clusterrole', name: string): string {
  return `${kind}.rbac.authorization.k8s.io ${goQuote(name)} not found`;
}

function roleRefRules(
  ref: RoleRef,
  bindingNamespace: string,
  rbac: RbacSnapshot,
): PolicyRule[] | string {
  if (ref.kind === 'ClusterRole') {
    const role = rbac.clusterRoles.find((r) => r.metadata.name === ref.name);
    return role ? rulesOf(role) : notFoundError('clusterrole', ref.name);
  }
  if (ref.kind === 'Role') {
    const role = rbac.roles(bindingNamespace).find((r) => r.metadata.name === ref.name);
    return role ? rulesOf(role) : notFoundError('role', ref.name);
  }
  return `unsupported role reference kind: ${goQuote(ref.kind)}`;
}

/**
 * Walks every rule that applies to `user` in `namespace`: cluster-wide bindings first, then that
 * namespace's RoleBindings (k/k DefaultRuleResolver.VisitRulesFor). Returns the errors met
 * (bindings to missing roles); stops early when the visitor returns false.
 */
function visitRulesFor(
  user: UserInfo,
  namespace: string,
  rbac: RbacSnapshot,
  visit: Visitor,
): string[] {
  const errors: string[] = [];
  const walk = (bindings: KubeObject[], ns: string, kind: string): boolean => {
    for (const binding of bindings) {
      const subject = subjectsOf(binding).find((s) => appliesToUser(user, s, ns));
      if (!subject) continue;
      const ref = roleRefOf(binding);
      const rules = roleRefRules(ref, ns, rbac);
      if (typeof rules === 'string') {
        errors.push(rules);
        continue;
      }
      const name = binding.metadata.name ?? '';
      const source =
        `${kind} ${goQuote(kind === 'RoleBinding' ? `${name}/${ns}` : name)} of ` +
        `${ref.kind} ${goQuote(ref.name)} to ${describeSubject(subject, ns)}`;
      for (const rule of rules) if (!visit(source, rule)) return false;
    }
    return true;
  };
  if (!walk(rbac.clusterRoleBindings, '', 'ClusterRoleBinding')) return errors;
  if (namespace !== '') walk(rbac.roleBindings(namespace), namespace, 'RoleBinding');
  return errors;
}

// k/k pkg/apis/rbac/v1/evaluation_helpers.go
function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === '*' || v === verb);
}

function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === '*' || g === group);
}

function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  return (rule.resources ?? []).some(
    (r) =>
      r === '*' ||
      r === combined ||
      (subresource !== '' && r.length === subresource.length + 2 && r === `*/${subresource}`),
  );
}

function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some(
    (u) => u === '*' || u === path || (u.endsWith('*') && path.startsWith(u.replace(/\*+$/, ''))),
  );
}

/** Whether one rule grants the request (k/k plugin/pkg/auth/authorizer/rbac/rbac.go RuleAllows). */
export function ruleAllows(attrs: RequestAttributes, rule: PolicyRule): boolean {
  if (!verbMatches(rule, attrs.verb)) return false;
  if (!attrs.resourceRequest) return nonResourceURLMatches(rule, attrs.path ?? '');
  const resource = attrs.resource ?? '';
  const sub = attrs.subresource ?? '';
  return (
    apiGroupMatches(rule, attrs.apiGroup ?? '') &&
    resourceMatches(rule, sub === '' ? resource : `${resource}/${sub}`, sub) &&
    resourceNameMatches(rule, attrs.name ?? '')
  );
}

// apimachinery util/errors aggregate.Error(): one message alone, several deduplicated in brackets.
function aggregateErrors(errors: string[]): string {
  const unique = [...new Set(errors)];
  if (unique.length <= 1) return unique[0] ?? '';
  return `[${unique.join(', ')}]`;
}

/** Decides a request as the RBAC authorizer does: default deny, any matching rule allows. */
export function authorize(attrs: RequestAttributes, rbac: RbacSnapshot): Decision {
  let reason = '';
  const errors = visitRulesFor(
    attrs.user,
    attrs.resourceRequest ? (attrs.namespace ?? '') : '',
    rbac,
    (source, rule) => {
      if (!ruleAllows(attrs, rule)) return true;
      reason = `RBAC: allowed by ${source}`;
      return false;
    },
  );
  if (reason !== '') return { allowed: true, reason };
  return { allowed: false, reason: errors.length > 0 ? `RBAC: ${aggregateErrors(errors)}` : '' };
}

export interface RulesReview {
  resourceRules: PolicyRule[];
  nonResourceRules: PolicyRule[];
  /** A binding names a missing role: SelfSubjectRulesReview `status.evaluationError`. */
  evaluationError?: string;
}

/**
 * The rules `user` holds in `namespace` (cluster-wide bindings plus that namespace's), split as
 * SelfSubjectRulesReview reports them. A rule with both resources and URLs appears in both lists.
 */
export function rulesFor(user: UserInfo, namespace: string, rbac: RbacSnapshot): RulesReview {
  const out: RulesReview = { resourceRules: [], nonResourceRules: [] };
  const errors = visitRulesFor(user, namespace, rbac, (_source, rule) => {
    if ((rule.resources ?? []).length > 0) {
      const r: PolicyRule = {
        verbs: rule.verbs,
        apiGroups: rule.apiGroups ?? [],
        resources: rule.resources ?? [],
      };
      if ((rule.resourceNames ?? []).length > 0) r.resourceNames = rule.resourceNames;
      out.resourceRules.push(r);
    }
    if ((rule.nonResourceURLs ?? []).length > 0) {
      out.nonResourceRules.push({ verbs: rule.verbs, nonResourceURLs: rule.nonResourceURLs });
    }
    return true;
  });
  if (errors.length > 0) out.evaluationError = aggregateErrors(errors);
  return out;
}

/** Go's `%q` for the strings met here (names, paths): escapes quotes, backslashes, controls. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

// apiserver responsewriters: "Avoid emitting errors that look like valid HTML. Quotes are okay."
function sanitize(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// apiserver pkg/endpoints/handlers/responsewriters/errors.go forbiddenMessage
function denialText(attrs: RequestAttributes): string {
  const user = goQuote(attrs.user.username);
  if (!attrs.resourceRequest) {
    return `User ${user} cannot ${attrs.verb} path ${goQuote(attrs.path ?? '')}`;
  }
  const sub = attrs.subresource ?? '';
  const resource = sub === '' ? (attrs.resource ?? '') : `${attrs.resource ?? ''}/${sub}`;
  const where = attrs.namespace
    ? `in the namespace ${goQuote(attrs.namespace)}`
    : 'at the cluster scope';
  const group = goQuote(attrs.apiGroup ?? '');
  return `User ${user} cannot ${attrs.verb} resource ${goQuote(resource)} in API group ${group} ${where}`;
}

function qualifiedResource(attrs: RequestAttributes): { group: string; resource: string } {
  if (!attrs.resourceRequest) return { group: '', resource: '' };
  return { group: attrs.apiGroup ?? '', resource: attrs.resource ?? '' };
}

/**
 * The message of the 403 kube-apiserver returns for a denied request, e.g.
 * `deployments.apps "web" is forbidden: User "alice" cannot get resource "deployments" in API group
 * "apps" in the namespace "default"`.
 * A non-empty authorizer `reason` is appended after `: `.
 */
export function forbiddenMessage(attrs: RequestAttributes, reason = ''): string {
  const text = sanitize(denialText(attrs)) + (reason === '' ? '' : `: ${reason}`);
  const { group, resource } = qualifiedResource(attrs);
  // apimachinery errors.NewForbidden
  if (group === '' && resource === '') return `forbidden: ${text}`;
  const qualified = group === '' ? resource : `${resource}.${group}`;
  const name = attrs.resourceRequest ? (attrs.name ?? '') : '';
  return name === ''
    ? `${qualified} is forbidden: ${text}`
    : `${qualified} ${goQuote(name)} is forbidden: ${text}`;
}

/** The 403 Forbidden StatusError for a denied request (details: name, group, kind = resource). */
export function forbiddenError(attrs: RequestAttributes, reason = ''): StatusError {
  const { group, resource } = qualifiedResource(attrs);
  const details: StatusDetails = {};
  const name = attrs.resourceRequest ? (attrs.name ?? '') : '';
  if (name !== '') details.name = name;
  if (group !== '') details.group = group;
  if (resource !== '') details.kind = resource;
  return new StatusError(403, 'Forbidden', forbiddenMessage(attrs, reason), details);
}

interface SelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

function selectorsOf(role: KubeObject): SelectorObject[] | undefined {
  if (role.aggregationRule === undefined || role.aggregationRule === null) return undefined;
  const raw = record(role.aggregationRule).clusterRoleSelectors;
  const selectors = Array.isArray(raw) ? raw.map(record) : [];
  const out: SelectorObject[] = [];
  for (const s of selectors) {
    const sel: SelectorObject = {};
    const labels = record(s.matchLabels);
    sel.matchLabels = Object.fromEntries(
      Object.entries(labels).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
    const exprs = Array.isArray(s.matchExpressions) ? s.matchExpressions.map(record) : [];
    sel.matchExpressions = [];
    for (const e of exprs) {
      const operator = String(e.operator ?? '');
      // LabelSelectorAsSelector fails on an unknown operator; the controller leaves the role alone.
      if (!OPERATORS.has(operator)) return undefined;
      sel.matchExpressions.push({ key: String(e.key ?? ''), operator, values: strings(e.values) });
    }
    out.push(sel);
  }
  return out;
}

// equality.Semantic.DeepEqual treats a missing list and an empty one alike.
function ruleKey(rule: PolicyRule): string {
  return JSON.stringify([
    rule.verbs,
    rule.apiGroups ?? [],
    rule.resources ?? [],
    rule.resourceNames ?? [],
    rule.nonResourceURLs ?? [],
  ]);
}

function sameRules(a: PolicyRule[], b: PolicyRule[]): boolean {
  return a.length === b.length && a.every((r, i) => ruleKey(r) === ruleKey(b[i]!));
}

/**
 * Runs the clusterrole-aggregation controller to a fixed point: each ClusterRole with an
 * `aggregationRule` gets the union of the rules of the ClusterRoles its selectors match (per
 * selector, roles sorted by name; duplicates dropped). Returns copies of the roles whose rules
 * changed, for the store to write back; roles that already agree are not returned.
 */
export function aggregateClusterRoles(clusterRoles: KubeObject[]): KubeObject[] {
  const current = new Map<string, PolicyRule[]>();
  for (const r of clusterRoles) current.set(r.metadata.name ?? '', rulesOf(r));
  const aggregated = clusterRoles.flatMap((role) => {
    const selectors = selectorsOf(role);
    return selectors ? [{ name: role.metadata.name ?? '', selectors }] : [];
  });
  const byName = [...clusterRoles].sort((a, b) =>
    (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1,
  );
  // Aggregated roles select each other (admin ← edit ← view): loop to the fixed point.
  for (let pass = 0; pass <= aggregated.length; pass++) {
    let changed = false;
    for (const { name, selectors } of aggregated) {
      const rules: PolicyRule[] = [];
      const seen = new Set<string>();
      for (const sel of selectors) {
        const reqs = requirementsOf(sel);
        for (const other of byName) {
          const otherName = other.metadata.name ?? '';
          if (otherName === name || !matches(reqs, other.metadata.labels)) continue;
          for (const rule of current.get(otherName) ?? []) {
            const key = ruleKey(rule);
            if (seen.has(key)) continue;
            seen.add(key);
            rules.push(rule);
          }
        }
      }
      if (!sameRules(rules, current.get(name) ?? [])) {
        current.set(name, rules);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return clusterRoles.flatMap((role) => {
    const rules = current.get(role.metadata.name ?? '') ?? [];
    if (!selectorsOf(role) || sameRules(rules, rulesOf(role))) return [];
    return [{ ...role, metadata: { ...role.metadata }, rules: structuredClone(rules) }];
  });
}
