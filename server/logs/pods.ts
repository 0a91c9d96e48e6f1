// What the log view needs to know of a pod: its containers (init ones too), which one to show by
// default, and the state of one container's current instance.

export interface PodLike {
  metadata?: {
    name?: string;
    uid?: string;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    annotations?: Record<string, string>;
  };
  spec?: { containers?: { name: string }[]; initContainers?: { name: string }[] };
  status?: {
    containerStatuses?: ContainerStatusLike[];
    initContainerStatuses?: ContainerStatusLike[];
  };
}

interface StateLike {
  running?: { startedAt?: string };
  terminated?: { exitCode?: number; reason?: string; startedAt?: string; finishedAt?: string };
  waiting?: { reason?: string; message?: string };
}

export interface ContainerStatusLike {
  name: string;
  restartCount?: number;
  state?: StateLike;
  lastState?: StateLike;
}

/** Init containers first, then app containers, as `kubectl logs` lists them. */
export function containerNames(pod: PodLike): { name: string; init: boolean }[] {
  return [
    ...(pod.spec?.initContainers ?? []).map((c) => ({ name: c.name, init: true })),
    ...(pod.spec?.containers ?? []).map((c) => ({ name: c.name, init: false })),
  ];
}

/** The container `kubectl logs` picks without `-c`: the annotated default, else the first. */
export function defaultContainer(pod: PodLike): string | undefined {
  const annotated = pod.metadata?.annotations?.['kubectl.kubernetes.io/default-container'];
  const names = (pod.spec?.containers ?? []).map((c) => c.name);
  return annotated && names.includes(annotated) ? annotated : names[0];
}

function statusOf(pod: PodLike, container: string): ContainerStatusLike | undefined {
  return [
    ...(pod.status?.containerStatuses ?? []),
    ...(pod.status?.initContainerStatuses ?? []),
  ].find((s) => s.name === container);
}

/** The start time of the running instance, or undefined when the container is not running. */
export function runningSince(pod: PodLike, container: string): string | undefined {
  const running = statusOf(pod, container)?.state?.running;
  return running ? (running.startedAt ?? '') : undefined;
}

/** Words for how the container's last instance ended (`exit code 1 (Error)`), if it did. */
export function exitDetail(pod: PodLike, container: string): string | undefined {
  const s = statusOf(pod, container);
  const t = s?.state?.terminated ?? s?.lastState?.terminated;
  if (!t) return s?.state?.waiting?.reason;
  return `exit code ${t.exitCode ?? '?'}${t.reason ? ` (${t.reason})` : ''}`;
}

/** Oldest first, then by name: the pods an app view keeps when it must cap. */
export function byAge(a: PodLike, b: PodLike): number {
  const ta = a.metadata?.creationTimestamp ?? '';
  const tb = b.metadata?.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return (a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1;
}

/**
 * The containers across an app's pods (init ones first and marked, each name once) and the one its
 * view shows by default: the default container of its oldest pod.
 */
export function appContainers(pods: readonly PodLike[]): {
  containers: { name: string; init: boolean }[];
  main: string | undefined;
} {
  const sorted = [...pods].sort(byAge);
  const all = sorted.flatMap(containerNames);
  const seen = new Set<string>();
  const containers = [...all.filter((c) => c.init), ...all.filter((c) => !c.init)].filter(
    (c) => !seen.has(c.name) && seen.add(c.name),
  );
  return { containers, main: sorted[0] ? defaultContainer(sorted[0]) : undefined };
}
