'use client';
// Client-side providers of the signed-in shell: one TanStack QueryClient per tab for live lists.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';

export function ShellProviders({ children }: { children: ReactNode }) {
  // Lists are filled by the stream (setQueryData), never refetched: no retries, no refocus fetches.
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { retry: false, refetchOnWindowFocus: false, staleTime: Infinity },
        },
      }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
