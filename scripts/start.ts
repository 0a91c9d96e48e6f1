// `npm start`: builds the console once if there is no production build, then runs the server.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

if (!fs.existsSync('.next/BUILD_ID')) {
  console.log('wharf: no production build yet, running next build…');
  const r = spawnSync('npx', ['next', 'build'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
await import('../server/main');
