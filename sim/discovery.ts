// Discovery documents (legacy and aggregated) and the minimal OpenAPI v3 that lets kubectl validate server-side.
import { groupVersion, RESOURCES, verbsOf, type ResourceDescriptor } from '../lib/k8s/resources';

export const AGGREGATED_CONTENT_TYPE =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** Groups in the order they are listed, each with its one served version. */
function groups(): { name: string; version: string; resources: ResourceDescriptor[] }[] {
  const out = new Map<string, { name: string; version: string; resources: ResourceDescriptor[] }>();
  for (const d of RESOURCES) {
    const g = out.get(d.group) ?? { name: d.group, version: d.version, resources: [] };
    g.resources.push(d);
    out.set(d.group, g);
  }
  return [...out.values()];
}

export function findGroupVersion(group: string, version: string): ResourceDescriptor[] | undefined {
  const g = groups().find((x) => x.name === group && x.version === version);
  return g?.resources;
}

/** Whether the client asked for aggregated discovery (client-go's Accept header). */
export function wantsAggregated(accept: string | undefined): boolean {
  return (
    !!accept && /g=apidiscovery\.k8s\.io/.test(accept) && /as=APIGroupDiscoveryList/.test(accept)
  );
}

export function apiVersions(serverAddress: string): object {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

export function apiGroupList(): object {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groups()
      .filter((g) => g.name !== '')
      .map((g) => apiGroup(g.name, g.version)),
  };
}

export function apiGroup(name: string, version: string): object {
  const gv = { groupVersion: `${name}/${version}`, version };
  return { kind: 'APIGroup', apiVersion: 'v1', name, versions: [gv], preferredVersion: gv };
}

export function apiResourceList(group: string, version: string): object | undefined {
  const resources = findGroupVersion(group, version);
  if (!resources) return undefined;
  const list: object[] = [];
  for (const d of resources) {
    list.push({
      name: d.plural,
      singularName: d.singular,
      namespaced: d.namespaced,
      kind: d.kind,
      verbs: verbsOf(d),
      ...(d.shortNames ? { shortNames: d.shortNames } : {}),
      ...(d.categories ? { categories: d.categories } : {}),
    });
    for (const s of d.subresources ?? []) {
      list.push({
        name: `${d.plural}/${s.name}`,
        singularName: '',
        namespaced: d.namespaced,
        ...(s.group !== d.group || s.version !== d.version
          ? { group: s.group, version: s.version }
          : {}),
        kind: s.kind,
        verbs: s.verbs,
      });
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersion({ group, version }),
    resources: list,
  };
}

/** `/api` (core only) or `/apis` (every named group) in the aggregated v2 form. */
export function aggregatedDiscovery(core: boolean): object {
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: groups()
      .filter((g) => (g.name === '') === core)
      .map((g) => ({
        metadata: { name: g.name },
        versions: [
          {
            version: g.version,
            freshness: 'Current',
            resources: g.resources.map((d) => ({
              resource: d.plural,
              responseKind: { group: '', version: '', kind: d.kind },
              scope: d.namespaced ? 'Namespaced' : 'Cluster',
              singularResource: d.singular,
              verbs: verbsOf(d),
              ...(d.shortNames ? { shortNames: d.shortNames } : {}),
              ...(d.categories ? { categories: d.categories } : {}),
              ...(d.subresources
                ? {
                    subresources: d.subresources.map((s) => ({
                      subresource: s.name,
                      responseKind: { group: s.group, version: s.version, kind: s.kind },
                      verbs: s.verbs,
                    })),
                  }
                : {}),
            })),
          },
        ],
      })),
  };
}

function openapiPathKey(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

/** `/openapi/v3`: one entry per GroupVersion. */
export function openapiRoot(): object {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const g of groups()) {
    const key = openapiPathKey(g.name, g.version);
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${hashOf(key)}` };
  }
  return { paths };
}

function hashOf(s: string): string {
  let h = 0x811c9dc5;
  for (const c of s) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h.toString(16).toUpperCase().padStart(8, '0');
}

/**
 * `/openapi/v3/<gv>`: no schemas, but every kind's PATCH declares `fieldValidation`, which is what makes
 * kubectl validate on the server instead of downloading schemas (KUBE-PROTOCOL §1.4).
 */
export function openapiGroupVersion(pathKey: string): object | undefined {
  const g = groups().find((x) => openapiPathKey(x.name, x.version) === pathKey);
  if (!g) return undefined;
  const paths: Record<string, object> = {};
  const add = (d: ResourceDescriptor): void => {
    const base = d.group === '' ? `/api/${d.version}` : `/apis/${d.group}/${d.version}`;
    const p = d.namespaced
      ? `${base}/namespaces/{namespace}/${d.plural}/{name}`
      : `${base}/${d.plural}/{name}`;
    paths[p] = {
      patch: {
        'x-kubernetes-group-version-kind': { group: d.group, version: d.version, kind: d.kind },
        parameters: [
          { name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } },
        ],
        responses: { '200': { description: 'OK' } },
      },
    };
  };
  for (const d of g.resources) if (!d.createOnly && verbsOf(d).includes('patch')) add(d);
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0' },
    paths,
    components: { schemas: {} },
  };
}
