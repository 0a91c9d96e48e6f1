// POST /api/access: "may I?" for a batch of actions, so screens can disable what the user may not do
// and say why. Advisory only: the API server still decides every real call.
import { z } from 'zod';

const Name = z.string().min(1).max(253);

export const AccessCheckSchema = z.object({
  cluster: Name,
  verb: z.enum(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection']),
  group: z.string().max(253).default(''),
  resource: z.string().regex(/^[a-z][a-z0-9]{0,62}$/),
  subresource: z
    .string()
    .regex(/^[a-z][a-z0-9]{0,62}$/)
    .optional(),
  namespace: Name.optional(),
  name: Name.optional(),
});

export const AccessRequestSchema = z.object({ checks: z.array(AccessCheckSchema).min(1).max(50) });

export type AccessCheck = z.input<typeof AccessCheckSchema>;
/** One answer per check, in order. */
export interface AccessResponse {
  allowed: boolean[];
}
