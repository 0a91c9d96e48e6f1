// The one error shape across Wharf: Kubernetes' metav1.Status (ARCHITECTURE rule 7).
import { z } from 'zod';

export const StatusCauseSchema = z.object({
  reason: z.string().optional(),
  message: z.string().optional(),
  field: z.string().optional(),
});

export const StatusSchema = z.object({
  kind: z.literal('Status').optional(),
  apiVersion: z.string().optional(),
  status: z.enum(['Success', 'Failure']).optional(),
  message: z.string().optional(),
  reason: z.string().optional(),
  code: z.number().int(),
  details: z
    .object({
      name: z.string().optional(),
      group: z.string().optional(),
      kind: z.string().optional(),
      causes: z.array(StatusCauseSchema).optional(),
    })
    .optional(),
});

export type ApiStatus = z.infer<typeof StatusSchema>;

/** A Status from any JSON body, or one made up from the HTTP code when the body is not a Status. */
export function toStatus(code: number, body: unknown): ApiStatus {
  const parsed = StatusSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  return {
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    code,
    reason: code === 401 ? 'Unauthorized' : 'InternalError',
    message: typeof body === 'string' && body ? body : `request failed with HTTP ${code}`,
  };
}
