// GET the pods' CPU and memory use in a namespace for the signed-in user (server/api/metrics).
import { podMetricsRoute } from '../../../../../../../../server/api/metrics';
import { withApi } from '../../../../../../../../server/api/with-api';

export const dynamic = 'force-dynamic';
export const GET = podMetricsRoute(withApi);
