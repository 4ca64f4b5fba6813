import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { RequestSeries } from './request-series';

/** What one finished /v1 request contributes to the metrics; filled from its UsageEvent. */
export interface RequestObservation {
  /** The request type (chat, messages, ...) or the path's route when it has none. */
  route: string;
  status: number;
  provider: string | null;
  model: string | null;
  tokenId: number | null;
  durationMs: number;
  ttfbMs: number | null;
  promptTokens: number;
  completionTokens: number;
  /** Decimal string in `currency`, or null when the request was not charged. */
  cost: string | null;
  currency: string | null;
  /** The GatewayError code the request was answered with, when it failed. */
  errorCode: string | null;
  /** Set when the upstream failed: the kind of failure (upstream_error, upstream_timeout, ...). */
  upstreamErrorKind: string | null;
}

/** One upstream key's state, for the key-state gauge. */
export interface KeyStateSample {
  provider: string;
  state: string;
}

/** Every state the key-state gauge shows for a provider (0 when no key is in it). */
export const KEY_STATE_NAMES = ['active', 'cooling', 'invalid', 'disabled'] as const;

/** Error codes counted as refusals (budget and rate limits): aigw_refusals_total{code}. */
export const REFUSAL_CODES: ReadonlySet<string> = new Set(['insufficient_balance', 'budget_unavailable', 'rate_limited', 'rate_limit_unavailable']);

const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

const label = (v: string | number | null): string => (v === null ? '' : String(v));

/**
 * One service's Prometheus registry: process metrics (collectDefaultMetrics, including the event-loop
 * lag), and the gateway's own series. Each runtime creates its own, so two gateways in one process
 * (tests) never add to each other's counters.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter;
  private readonly duration: Histogram;
  private readonly ttfb: Histogram;
  private readonly tokens: Counter;
  private readonly cost: Counter;
  private readonly upstreamErrors: Counter;
  private readonly refusals: Counter;
  private readonly series: RequestSeries;
  private keyStatesRegistered = false;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'aigw_requests_total',
      help: 'Requests answered, by route, status, provider and model.',
      labelNames: ['route', 'status', 'provider', 'model'],
      registers,
      collect: () => this.series.flush(),
    });
    this.duration = new Histogram({
      name: 'aigw_request_duration_seconds',
      help: 'Time from the request to the end of its answer.',
      labelNames: ['route', 'provider', 'model'],
      buckets: SECONDS_BUCKETS,
      registers,
    });
    this.ttfb = new Histogram({
      name: 'aigw_time_to_first_byte_seconds',
      help: 'Time from the request to the first byte of the upstream answer.',
      labelNames: ['route', 'provider', 'model'],
      buckets: SECONDS_BUCKETS,
      registers,
    });
    this.tokens = new Counter({
      name: 'aigw_tokens_total',
      help: 'Tokens used, by provider, model, token id and type (prompt or completion).',
      labelNames: ['provider', 'model', 'token_id', 'type'],
      registers,
      collect: () => this.series.flush(),
    });
    this.cost = new Counter({
      name: 'aigw_cost_total',
      help: 'Amount charged, in the currency label, by provider, model and token id.',
      labelNames: ['provider', 'model', 'token_id', 'currency'],
      registers,
    });
    this.upstreamErrors = new Counter({
      name: 'aigw_upstream_errors_total',
      help: 'Requests the upstream failed, by provider and kind.',
      labelNames: ['provider', 'kind'],
      registers,
    });
    this.refusals = new Counter({
      name: 'aigw_refusals_total',
      help: 'Requests refused by a budget or a rate limit, by error code.',
      labelNames: ['code'],
      registers,
    });
    this.series = new RequestSeries(this.requests, this.tokens);
  }

  /** Called once per finished request, where its record is emitted. */
  observeRequest(o: RequestObservation): void {
    const set = this.series.setOf(o);
    if (set === undefined) return this.observeUncached(o);
    this.series.count(set, o.promptTokens, o.completionTokens);
    this.duration.observe(set.timingLabels, o.durationMs / 1000);
    if (o.ttfbMs !== null) this.ttfb.observe(set.timingLabels, o.ttfbMs / 1000);
    if (o.cost !== null) {
      const cost = Number(o.cost);
      if (cost > 0) this.cost.inc(set.costLabels, cost);
    }
    this.observeErrors(o);
  }

  /** observeRequest with label objects of its own (a label value holds the series key's separator). */
  private observeUncached(o: RequestObservation): void {
    const provider = label(o.provider);
    const model = label(o.model);
    const tokenId = label(o.tokenId);
    this.requests.inc({ route: o.route, status: String(o.status), provider, model });
    this.duration.observe({ route: o.route, provider, model }, o.durationMs / 1000);
    if (o.ttfbMs !== null) this.ttfb.observe({ route: o.route, provider, model }, o.ttfbMs / 1000);
    if (o.promptTokens > 0) this.tokens.inc({ provider, model, token_id: tokenId, type: 'prompt' }, o.promptTokens);
    if (o.completionTokens > 0) this.tokens.inc({ provider, model, token_id: tokenId, type: 'completion' }, o.completionTokens);
    if (o.cost !== null && Number(o.cost) > 0) this.cost.inc({ provider, model, token_id: tokenId, currency: label(o.currency) }, Number(o.cost));
    this.observeErrors(o);
  }

  private observeErrors(o: RequestObservation): void {
    if (o.upstreamErrorKind) this.upstreamErrors.inc({ provider: label(o.provider), kind: o.upstreamErrorKind });
    if (o.errorCode && REFUSAL_CODES.has(o.errorCode)) this.refusals.inc({ code: o.errorCode });
  }

  /**
   * The key-state gauge aigw_upstream_keys{provider,state}: how many keys of each provider are in
   * each state (every state of KEY_STATE_NAMES shown, 0 when empty), from `collect` (one sample per
   * key) at every scrape. Call once, from whoever owns the key states. A source that cannot answer
   * leaves the gauge empty; the scrape still succeeds.
   */
  registerKeyStates(collect: () => KeyStateSample[] | Promise<KeyStateSample[]>): void {
    if (this.keyStatesRegistered) throw new Error('key states are registered already');
    this.keyStatesRegistered = true;
    new Gauge({
      name: 'aigw_upstream_keys',
      help: 'Upstream keys per provider and state (active, cooling, invalid, disabled).',
      labelNames: ['provider', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const samples = await Promise.resolve()
          .then(collect)
          .catch((): KeyStateSample[] => []);
        const counts = new Map<string, Map<string, number>>();
        for (const s of samples) {
          let states = counts.get(s.provider);
          if (!states) counts.set(s.provider, (states = new Map(KEY_STATE_NAMES.map((n) => [n, 0]))));
          states.set(s.state, (states.get(s.state) ?? 0) + 1);
        }
        for (const [provider, states] of counts) for (const [state, n] of states) this.set({ provider, state }, n);
      },
    });
  }

  /** A gauge read at every scrape (queue depth, lag, ...); `collect` returns one value per label set. */
  registerGauge(name: string, help: string, labelNames: string[], collect: () => Promise<{ labels: Record<string, string>; value: number }[]>): void {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        // A source that cannot answer (Redis down) leaves the gauge empty; the scrape still succeeds.
        const samples = await collect().catch(() => []);
        for (const s of samples) this.set(s.labels, s.value);
      },
    });
  }

  /** A counter of this service's own (queue jobs failed, ...). */
  counter(name: string, help: string, labelNames: string[] = []): Counter {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  /** The Prometheus text exposition of every series. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
