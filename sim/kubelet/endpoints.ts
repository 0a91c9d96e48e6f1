// The endpoints controller: one Endpoints object per Service with a selector, listing its pods' IPs as
// ready or not-ready addresses, with ports resolved from the Service's targetPort.
import { findResource } from '../../lib/k8s/resources';
import { matches, requirementsOf } from '../../lib/k8s/selectors';
import type { Clock } from '../clock';
import { keyOf, runController, splitKey } from '../controllers/runner';
import { Registry, SYSTEM_CTX } from '../registry';
import type { StoreEvent } from '../store';
import { StatusError, type KubeObject } from '../types';
import type { ContainerSpec, PodStatus } from './stages';

const endpointsD = findResource('', 'endpoints')!;

interface ServicePort {
  name?: string;
  port: number;
  protocol?: string;
  targetPort?: number | string;
  appProtocol?: string;
}

interface ServiceSpec {
  selector?: Record<string, string>;
  ports?: ServicePort[];
  type?: string;
  clusterIP?: string;
  publishNotReadyAddresses?: boolean;
}

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef: { kind: 'Pod'; namespace: string; name: string; uid: string };
}

export interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

/** The container port a Service port's targetPort names on this pod (a number is taken as is). */
export function resolvePort(sp: ServicePort, pod: KubeObject): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = sp.protocol ?? 'TCP';
  for (const c of (pod.spec as { containers?: ContainerSpec[] } | undefined)?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
    }
  }
  return undefined;
}

function isReady(status: PodStatus): boolean {
  return status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** The subsets kube's endpoints controller computes for `svc` from the pods its selector matches. */
export function endpointSubsets(svc: KubeObject, pods: KubeObject[]): EndpointSubset[] {
  const spec = (svc.spec ?? {}) as ServiceSpec;
  const bySignature = new Map<string, EndpointSubset>();
  for (const pod of pods) {
    const status = (pod.status ?? {}) as PodStatus;
    if (!status.podIP || status.phase === 'Succeeded' || status.phase === 'Failed') continue;
    if (pod.metadata.deletionTimestamp && !spec.publishNotReadyAddresses) continue;
    const ports: EndpointPort[] = [];
    let unresolved = false;
    for (const sp of spec.ports ?? []) {
      const port = resolvePort(sp, pod);
      if (port === undefined) {
        unresolved = true;
        continue;
      }
      ports.push({
        ...(sp.name ? { name: sp.name } : {}),
        port,
        protocol: sp.protocol ?? 'TCP',
        ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}),
      });
    }
    if (unresolved && ports.length === 0) continue;
    const podSpec = (pod.spec ?? {}) as {
      nodeName?: string;
      hostname?: string;
      subdomain?: string;
    };
    const address: EndpointAddress = {
      ip: status.podIP,
      ...(podSpec.hostname && podSpec.subdomain === svc.metadata.name
        ? { hostname: podSpec.hostname }
        : {}),
      ...(podSpec.nodeName ? { nodeName: podSpec.nodeName } : {}),
      targetRef: {
        kind: 'Pod',
        namespace: pod.metadata.namespace ?? '',
        name: pod.metadata.name ?? '',
        uid: pod.metadata.uid ?? '',
      },
    };
    const sig = JSON.stringify(ports);
    let subset = bySignature.get(sig);
    if (!subset) bySignature.set(sig, (subset = {}));
    const field =
      isReady(status) || spec.publishNotReadyAddresses ? 'addresses' : 'notReadyAddresses';
    (subset[field] ??= []).push(address);
    if (ports.length > 0) subset.ports = ports;
  }
  const byIp = (a: EndpointAddress, b: EndpointAddress): number =>
    a.ip === b.ip ? a.targetRef.uid.localeCompare(b.targetRef.uid) : a.ip.localeCompare(b.ip);
  for (const s of bySignature.values()) {
    s.addresses?.sort(byIp);
    s.notReadyAddresses?.sort(byIp);
  }
  return [...bySignature.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, s]) => s);
}

function selectorOf(svc: KubeObject): Record<string, string> | undefined {
  const spec = (svc.spec ?? {}) as ServiceSpec;
  if (spec.type === 'ExternalName') return undefined;
  const sel = spec.selector;
  return sel && Object.keys(sel).length > 0 ? sel : undefined;
}

/** The Endpoints object `svc` should have, or undefined when it is not managed (no selector). */
export function desiredEndpoints(svc: KubeObject, pods: KubeObject[]): KubeObject | undefined {
  const selector = selectorOf(svc);
  if (!selector) return undefined;
  const reqs = requirementsOf({ matchLabels: selector });
  const subsets = endpointSubsets(
    svc,
    pods.filter((p) => matches(reqs, p.metadata.labels)),
  );
  const spec = (svc.spec ?? {}) as ServiceSpec;
  const labels = {
    ...(svc.metadata.labels ?? {}),
    ...(spec.clusterIP === 'None' ? { 'service.kubernetes.io/headless': '' } : {}),
  };
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {
      name: svc.metadata.name,
      namespace: svc.metadata.namespace,
      ...(Object.keys(labels).length > 0 ? { labels } : {}),
    },
    ...(subsets.length > 0 ? { subsets } : {}),
  };
}

export function startEndpointsController(registry: Registry, clock: Clock): () => void {
  const store = registry.store;
  const servicesFor = (e: StoreEvent): string[] => {
    const ns = e.object.metadata.namespace ?? '';
    const services = store.list('/services', ns);
    if (services.length === 0) return [];
    return services
      .filter((svc) => {
        const sel = selectorOf(svc);
        if (!sel) return false;
        const reqs = requirementsOf({ matchLabels: sel });
        return (
          matches(reqs, e.object.metadata.labels) ||
          (e.old !== undefined && matches(reqs, e.old.metadata.labels))
        );
      })
      .map(keyOf);
  };
  const sync = (key: string): void => {
    const [ns, name] = splitKey(key);
    const svc = store.get('/services', ns, name);
    const current = store.get('/endpoints', ns, name);
    try {
      if (!svc) {
        if (current) registry.delete(endpointsD, ns, name, {}, SYSTEM_CTX);
        return;
      }
      const desired = desiredEndpoints(svc, store.list('/pods', ns));
      if (!desired) return;
      if (!current) {
        registry.create(endpointsD, ns, desired, SYSTEM_CTX);
        return;
      }
      if (
        JSON.stringify(current.subsets ?? null) === JSON.stringify(desired.subsets ?? null) &&
        JSON.stringify(current.metadata.labels ?? {}) ===
          JSON.stringify(desired.metadata.labels ?? {})
      )
        return;
      registry.update(
        endpointsD,
        ns,
        name,
        {
          ...desired,
          metadata: {
            ...current.metadata,
            labels: desired.metadata.labels,
            resourceVersion: current.metadata.resourceVersion,
          },
        },
        SYSTEM_CTX,
      );
    } catch (err) {
      // A namespace being deleted refuses new content; its service goes away with it.
      if (err instanceof StatusError && (err.code === 403 || err.code === 404)) return;
      throw err;
    }
  };
  const controller = runController(store, clock, {
    name: 'endpoints',
    watches: [
      { resource: '/services', keys: (e) => [keyOf(e.object)] },
      { resource: '/pods', keys: servicesFor },
      {
        resource: '/endpoints',
        keys: (e) =>
          store.get('/services', e.object.metadata.namespace ?? '', e.object.metadata.name!)
            ? [keyOf(e.object)]
            : [],
      },
    ],
    sync,
    initialKeys: () => store.list('/services').map(keyOf),
  });
  return controller.stop;
}
