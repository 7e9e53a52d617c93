import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** The registry's Prometheus metrics: requests by route and status, latency, process stats. */
export class RegistryMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'route' | 'method' | 'code'>;
  private readonly duration: Histogram<'route' | 'method'>;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'berth_registry_' });
    this.requests = new Counter({
      name: 'berth_registry_http_requests_total',
      help: 'HTTP requests answered, by route, method and status code',
      labelNames: ['route', 'method', 'code'],
      registers: [this.registry],
    });
    this.duration = new Histogram({
      name: 'berth_registry_http_request_duration_seconds',
      help: 'Time from request to the end of the response, by route and method',
      labelNames: ['route', 'method'],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120],
      registers: [this.registry],
    });
  }

  /** Records one finished request. */
  observe(info: { route: string; method: string; status: number; seconds: number }): void {
    this.requests.inc({ route: info.route, method: info.method, code: String(info.status) });
    this.duration.observe({ route: info.route, method: info.method }, info.seconds);
  }

  /** The exposition text and its content type. */
  async render(): Promise<{ body: string; contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}
