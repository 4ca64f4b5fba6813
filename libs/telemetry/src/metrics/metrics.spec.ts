import { GatewayMetrics, type RequestObservation } from './metrics';

const base: RequestObservation = {
  route: 'chat',
  status: 200,
  provider: 'up',
  model: 'up/m',
  tokenId: 7,
  durationMs: 1200,
  ttfbMs: 300,
  promptTokens: 10,
  completionTokens: 5,
  cost: '0.0000250000',
  currency: 'USD',
  errorCode: null,
  upstreamErrorKind: null,
};

async function text(m: GatewayMetrics): Promise<string> {
  return (await m.render()).body;
}

describe('GatewayMetrics', () => {
  it('counts a request, its tokens, cost and timings with its labels', async () => {
    const m = new GatewayMetrics('svc');
    m.observeRequest(base);
    m.observeRequest({ ...base, promptTokens: 1, completionTokens: 0, cost: '0.0000010000' });
    const body = await text(m);
    expect(body).toContain('aigw_requests_total{route="chat",status="200",provider="up",model="up/m",service="svc"} 2');
    expect(body).toContain('aigw_tokens_total{provider="up",model="up/m",token_id="7",type="prompt",service="svc"} 11');
    expect(body).toContain('aigw_tokens_total{provider="up",model="up/m",token_id="7",type="completion",service="svc"} 5');
    expect(body).toContain('aigw_cost_total{provider="up",model="up/m",token_id="7",currency="USD",service="svc"} 0.000026');
    expect(body).toContain('aigw_request_duration_seconds_sum{service="svc",route="chat",provider="up",model="up/m"} 2.4');
    expect(body).toContain('aigw_time_to_first_byte_seconds_count{service="svc",route="chat",provider="up",model="up/m"} 2');
  });

  it('counts refusals by code and upstream errors by kind; nulls become empty labels', async () => {
    const m = new GatewayMetrics('svc');
    m.observeRequest({ ...base, status: 402, provider: null, tokenId: null, ttfbMs: null, promptTokens: 0, completionTokens: 0, cost: null, errorCode: 'insufficient_balance' });
    m.observeRequest({ ...base, status: 400, errorCode: 'invalid_request' });
    m.observeRequest({ ...base, status: 502, errorCode: 'upstream_error', upstreamErrorKind: 'upstream_error' });
    const body = await text(m);
    expect(body).toContain('aigw_refusals_total{code="insufficient_balance",service="svc"} 1');
    expect(body).not.toContain('aigw_refusals_total{code="invalid_request"');
    expect(body).toContain('aigw_requests_total{route="chat",status="402",provider="",model="up/m",service="svc"} 1');
    expect(body).toContain('aigw_upstream_errors_total{provider="up",kind="upstream_error",service="svc"} 1');
  });

  it('counts keys per provider and state at every scrape, every state shown', async () => {
    const m = new GatewayMetrics('svc');
    let states = [
      { provider: 'up', state: 'active' },
      { provider: 'up', state: 'active' },
    ];
    m.registerKeyStates(() => states);
    let body = await text(m);
    expect(body).toContain('aigw_upstream_keys{provider="up",state="active",service="svc"} 2');
    expect(body).toContain('aigw_upstream_keys{provider="up",state="invalid",service="svc"} 0');
    states = [
      { provider: 'up', state: 'invalid' },
      { provider: 'up', state: 'active' },
      { provider: 'other', state: 'disabled' },
    ];
    body = await text(m);
    expect(body).toContain('aigw_upstream_keys{provider="up",state="active",service="svc"} 1');
    expect(body).toContain('aigw_upstream_keys{provider="up",state="invalid",service="svc"} 1');
    expect(body).toContain('aigw_upstream_keys{provider="other",state="disabled",service="svc"} 1');
    expect(body).toContain('aigw_upstream_keys{provider="other",state="cooling",service="svc"} 0');
    expect(() => m.registerKeyStates(() => [])).toThrow(/already/);
  });

  it('a key-state source that fails leaves the gauge empty, and the scrape still answers', async () => {
    const m = new GatewayMetrics('svc');
    m.registerKeyStates(() => Promise.reject(new Error('db down')));
    const body = await text(m);
    expect(body).toContain('# TYPE aigw_upstream_keys gauge');
    expect(body).not.toContain('aigw_upstream_keys{');
  });

  it('a gauge whose source fails is empty, and the scrape still answers', async () => {
    const m = new GatewayMetrics('svc');
    m.registerGauge('aigw_test_depth', 'depth', ['state'], () => Promise.reject(new Error('redis down')));
    expect(await text(m)).toContain('# TYPE aigw_test_depth gauge');
  });

  it('two registries never add to each other', async () => {
    const a = new GatewayMetrics('a');
    const b = new GatewayMetrics('b');
    a.observeRequest(base);
    expect(await text(b)).not.toContain('aigw_requests_total{');
    expect(await text(b)).toContain('process_cpu_user_seconds_total');
  });

  it('counts across scrapes as one inc per request would, for every label combination', async () => {
    const m = new GatewayMetrics('svc');
    m.observeRequest(base);
    m.observeRequest({ ...base, tokenId: 8, currency: 'EUR' });
    expect(await text(m)).toContain('aigw_requests_total{route="chat",status="200",provider="up",model="up/m",service="svc"} 2');
    m.observeRequest(base);
    // The same series key for two label sets: the second is counted without the cache.
    m.observeRequest({ ...base, provider: 'a\u0000b', model: 'c', promptTokens: 3 });
    m.observeRequest({ ...base, provider: 'a', model: 'b\u0000c', promptTokens: 4 });
    const body = await text(m);
    expect(body).toContain('aigw_requests_total{route="chat",status="200",provider="up",model="up/m",service="svc"} 3');
    expect(body).toContain('aigw_tokens_total{provider="up",model="up/m",token_id="7",type="prompt",service="svc"} 20');
    expect(body).toContain('aigw_tokens_total{provider="up",model="up/m",token_id="8",type="prompt",service="svc"} 10');
    expect(body).toContain('aigw_cost_total{provider="up",model="up/m",token_id="8",currency="EUR",service="svc"} 0.000025');
    expect(body).toContain('aigw_tokens_total{provider="a\u0000b",model="c",token_id="7",type="prompt",service="svc"} 3');
    expect(body).toContain('aigw_tokens_total{provider="a",model="b\u0000c",token_id="7",type="prompt",service="svc"} 4');
    expect(await text(m)).toContain('aigw_requests_total{route="chat",status="200",provider="up",model="up/m",service="svc"} 3');
  });
});
