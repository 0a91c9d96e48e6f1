// The simulator's own /metrics: request counts and long-running requests in Prometheus text format,
// named as kube-apiserver names them so tests can count upstream LISTs and WATCHes.
import type { RequestInfo } from './request';

const VERB_NAMES: Record<string, string> = {
  get: 'GET',
  list: 'LIST',
  watch: 'WATCH',
  create: 'POST',
  update: 'PUT',
  patch: 'PATCH',
  delete: 'DELETE',
  deletecollection: 'DELETE',
};

function esc(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

export class ApiMetrics {
  private readonly requests = new Map<string, number>();
  private readonly longRunningGauge = new Map<string, number>();

  finished(info: RequestInfo | undefined, method: string, code: number): void {
    const verb = info?.resourceRequest ? (VERB_NAMES[info.verb] ?? method) : method;
    const labels = `code="${code}",group="${esc(info?.group ?? '')}",resource="${esc(info?.resource ?? '')}",subresource="${esc(info?.subresource ?? '')}",verb="${verb}",version="${esc(info?.version ?? '')}"`;
    this.requests.set(labels, (this.requests.get(labels) ?? 0) + 1);
  }

  longRunning(resource: string, verb: string, delta: number): void {
    const key = `resource="${esc(resource)}",verb="${verb}"`;
    this.longRunningGauge.set(key, (this.longRunningGauge.get(key) ?? 0) + delta);
  }

  render(): string {
    const mem = process.memoryUsage();
    const lines = [
      '# HELP apiserver_request_total Counter of apiserver requests broken out for each verb, group, version, resource and HTTP response code.',
      '# TYPE apiserver_request_total counter',
      ...[...this.requests].map(([l, n]) => `apiserver_request_total{${l}} ${n}`),
      '# HELP apiserver_longrunning_requests Gauge of all active long-running apiserver requests broken out by verb and resource.',
      '# TYPE apiserver_longrunning_requests gauge',
      ...[...this.longRunningGauge].map(([l, n]) => `apiserver_longrunning_requests{${l}} ${n}`),
      '# HELP process_resident_memory_bytes Resident memory size in bytes.',
      '# TYPE process_resident_memory_bytes gauge',
      `process_resident_memory_bytes ${mem.rss}`,
      '# HELP nodejs_heap_size_used_bytes Process heap size used from Node.js in bytes.',
      '# TYPE nodejs_heap_size_used_bytes gauge',
      `nodejs_heap_size_used_bytes ${mem.heapUsed}`,
      '# HELP nodejs_heap_size_total_bytes Process heap size from Node.js in bytes.',
      '# TYPE nodejs_heap_size_total_bytes gauge',
      `nodejs_heap_size_total_bytes ${mem.heapTotal}`,
      '# HELP nodejs_external_memory_bytes Node.js external memory size in bytes.',
      '# TYPE nodejs_external_memory_bytes gauge',
      `nodejs_external_memory_bytes ${mem.external + mem.arrayBuffers}`,
    ];
    return lines.join('\n') + '\n';
  }
}
