'use client';
// RolloutHistory: the app's revisions with diffs and roll back to any of them (app dashboard tab). Placeholder until the deploy screens land.
import type { AppRef } from './app-ref';

export function RolloutHistory(_props: AppRef) {
  return null;
}
