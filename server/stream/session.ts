// Who opened a stream: the signed-in user of the upgrade request, from next-auth's session cookie.
import type { IncomingMessage } from 'node:http';
import { identityFromRequest } from '../auth/identity';
import type { Identity } from '../kube/transport';

/** The identity behind a WebSocket upgrade, or null when the request carries no valid session. */
export async function sessionIdentity(req: IncomingMessage): Promise<Identity | null> {
  const who = await identityFromRequest(req);
  return who ? { username: who.username, groups: [...who.groups] } : null;
}
