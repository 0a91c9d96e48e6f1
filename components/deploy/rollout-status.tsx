'use client';
// RolloutStatus: the live rollout of an app (old and new ReplicaSets, progress, conditions, pause/resume, roll back). Placeholder until the deploy screens land.
import type { AppRef } from './app-ref';

export function RolloutStatus(_props: AppRef) {
  return null;
}
