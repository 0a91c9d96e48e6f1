import type { NextConfig } from 'next';

const config: NextConfig = {
  // client-node is ESM-only and pulls undici: keep it out of the server bundle (STACK-NOTES).
  serverExternalPackages: ['@kubernetes/client-node'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
