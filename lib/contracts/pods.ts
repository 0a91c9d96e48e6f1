// The pod and metrics routes' inputs and outputs: path segments as Kubernetes names, the metrics
// answer trimmed to what the console charts.
import { z } from 'zod';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

export const ClusterName = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[\w.-]+$/, 'not a cluster name');
export const NamespaceName = z.string().min(1).max(63).regex(DNS_LABEL, 'must be a DNS label');
export const PodName = z.string().min(1).max(253).regex(DNS_SUBDOMAIN, 'must be a DNS subdomain');

export const NamespaceParams = z.object({ cluster: ClusterName, namespace: NamespaceName });
export const PodParams = NamespaceParams.extend({ pod: PodName });

export const PodGetQuery = z.object({ format: z.enum(['json', 'yaml']).default('yaml') });

export const MetricsQuery = z.object({
  // `app.kubernetes.io/name=ai-api`: checked again by the API server, kept short here.
  labelSelector: z
    .string()
    .max(512)
    .regex(/^[\w./=!,() -]*$/, 'not a label selector')
    .optional(),
});

/** One pod's use right now: CPU in millicores, memory in bytes (summed over its containers). */
export interface PodUsage {
  name: string;
  cpuMillis: number;
  memoryBytes: number;
}

export interface PodMetricsResponse {
  /** When the metrics API sampled (ms since the epoch; the newest of the pods). */
  timestamp: number;
  pods: PodUsage[];
}
