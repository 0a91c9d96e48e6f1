// Liveness of the console process itself.
export function GET() {
  return Response.json({ status: 'ok' });
}
