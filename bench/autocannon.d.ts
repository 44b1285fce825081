// The subset of autocannon's API bench/load.ts uses (the package ships no types).
declare module "autocannon" {
  interface Histogram {
    average: number;
    total: number;
    p50: number;
    p90: number;
    p99: number;
    max: number;
  }
  interface Result {
    requests: Histogram;
    latency: Histogram;
    errors: number;
    timeouts: number;
    non2xx: number;
    statusCodeStats?: Record<string, { count: number }>;
  }
  type Context = Record<string, unknown>;
  interface RequestSpec {
    setupRequest?: (req: { path: string; headers?: Record<string, string> }, context: Context) => { method: string; path: string; headers?: Record<string, string> };
    onResponse?: (status: number, body: string, context: Context, headers: Record<string, string>) => void;
  }
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    /** Requests per second across all connections (a fixed arrival rate instead of flat out). */
    overallRate?: number;
    requests?: RequestSpec[];
  }
  interface Client {
    requestIterator: { context: Context };
  }
  interface Instance extends PromiseLike<Result> {
    on(event: "response", fn: (client: Client, status: number, bytes: number, responseTime: number) => void): void;
  }
  function autocannon(opts: Options): Instance;
  export default autocannon;
}
