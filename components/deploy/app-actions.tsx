'use client';
// AppActions: the app's actions (update, scale, restart, delete) for the app dashboard's header. Placeholder until the deploy screens land.
import type { AppRef } from './app-ref';

export function AppActions(_props: AppRef) {
  return null;
}
