// What the console says about clusters: the DTOs of GET /api/clusters (screen 1, cluster overview).
import { z } from 'zod';

export const ClusterOverviewSchema = z.object({
  name: z.string(),
  /** `ok` when the API server answered /readyz; `unreachable` otherwise (with the reason). */
  health: z.enum(['ok', 'unreachable']),
  error: z.string().optional(),
  /** gitVersion from /version, e.g. `v1.32.0`. */
  version: z.string().optional(),
  nodes: z.object({ total: z.number().int(), ready: z.number().int() }).optional(),
  /** Cores and bytes: allocatable across nodes vs requested by non-terminal pods. */
  cpu: z.object({ allocatable: z.number(), requested: z.number() }).optional(),
  memory: z.object({ allocatable: z.number(), requested: z.number() }).optional(),
});

export type ClusterOverview = z.infer<typeof ClusterOverviewSchema>;
