// The simulator's generated CA and serving certificate, kept in the state dir so kubeconfigs stay valid across restarts.
import fs from 'node:fs';
import path from 'node:path';
import selfsigned from 'selfsigned';

export interface ServingCerts {
  caCert: string;
  cert: string;
  key: string;
}

const TEN_YEARS = 10 * 365 * 24 * 3600 * 1000;

export async function loadOrCreateCerts(stateDir: string): Promise<ServingCerts> {
  const file = path.join(stateDir, 'pki.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as ServingCerts;
  const notAfterDate = new Date(Date.now() + TEN_YEARS);
  const ca = await selfsigned.generate([{ name: 'commonName', value: 'wharf-sim-ca' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      {
        name: 'keyUsage',
        keyCertSign: true,
        cRLSign: true,
        digitalSignature: true,
        critical: true,
      },
    ],
  });
  const server = await selfsigned.generate([{ name: 'commonName', value: 'kube-apiserver' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 2, value: 'kubernetes.default.svc' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  const certs = { caCert: ca.cert, cert: server.cert, key: server.private };
  fs.mkdirSync(stateDir, { recursive: true });
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(certs), { mode: 0o600 });
  fs.renameSync(tmp, file);
  return certs;
}
