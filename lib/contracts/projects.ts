// What the console says about projects: the DTOs of GET /api/projects.
import { z } from 'zod';

export const EnvironmentSchema = z.object({
  env: z.string(),
  namespace: z.string(),
  cluster: z.string(),
  /** Set for per-app namespaces (`{project}-{app}-{env}`). */
  app: z.string().optional(),
  protected: z.boolean(),
});

export const ProjectSchema = z.object({
  name: z.string(),
  environments: z.array(EnvironmentSchema),
  creator: z.string().optional(),
  createdAt: z.string().optional(),
});

export type Environment = z.infer<typeof EnvironmentSchema>;
export type Project = z.infer<typeof ProjectSchema>;
