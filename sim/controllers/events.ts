// Recording core/v1 Events the way client-go's event recorder does, including the count aggregation
// of repeated events (same object, reason and message → count++ on one Event).
import crypto from 'node:crypto';
import { findKind } from '../../lib/k8s/resources';
import { isoSeconds, type Clock } from '../clock';
import { Registry, SYSTEM_CTX } from '../registry';
import type { KubeObject } from '../types';

export interface EventSource {
  component: string;
  host?: string;
}

const eventD = findKind('v1', 'Event')!;

export function recordEvent(
  registry: Registry,
  clock: Clock,
  source: EventSource,
  involved: KubeObject,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
  fieldPath?: string,
): void {
  const ns = involved.metadata.namespace || 'default';
  const now = isoSeconds(clock.now());
  const involvedObject = {
    kind: involved.kind,
    namespace: involved.metadata.namespace,
    name: involved.metadata.name,
    uid: involved.metadata.uid,
    apiVersion: involved.apiVersion,
    resourceVersion: involved.metadata.resourceVersion,
    ...(fieldPath ? { fieldPath } : {}),
  };
  // client-go names an aggregated event deterministically from what makes it "the same" event.
  const digest = crypto
    .createHash('sha1')
    .update([involved.metadata.uid, reason, message, source.component, fieldPath ?? ''].join('\0'))
    .digest('hex')
    .slice(0, 16);
  const name = `${involved.metadata.name}.${digest}`;
  const existing = registry.store.get('/events', ns, name);
  if (existing) {
    const next = {
      ...existing,
      count: ((existing.count as number | undefined) ?? 1) + 1,
      lastTimestamp: now,
      metadata: { ...existing.metadata, resourceVersion: undefined },
    };
    registry.update(eventD, ns, name, next, SYSTEM_CTX);
    return;
  }
  registry.create(
    eventD,
    ns,
    {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: ns },
      involvedObject,
      reason,
      message,
      source,
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: source.component,
      reportingInstance: source.host ?? '',
    },
    SYSTEM_CTX,
  );
}
