import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError, pathOf } from '../../api/client';
import { KEYS, useGatewayInfo, useRefresh } from '../../api/queries';
import type { McpServer } from '../../api/types';
import { useClient } from '../../auth/auth';
import { Field, FormActions } from '../../components/Field';
import { useI18n } from '../../i18n/i18n';
import { fieldError, formError } from '../../lib/form-error';
import { pairsText, parsePairs } from './pairs';

const TRANSPORTS = ['streamable_http', 'sse'] as const;
const FIELDS = ['name', 'transport', 'url', 'headers', 'bearer', 'enabled', 'call_price', 'tool_prices', 'timeout_ms'] as const;

/**
 * Register an MCP server (Streamable HTTP or legacy SSE), or edit one registered through the API.
 * Header values are never shown: on edit, empty header and bearer fields keep the stored ones.
 */
export function McpServerForm({ editing, onDone }: { editing?: McpServer; onDone(message: string): void }) {
  const { t } = useI18n();
  const client = useClient();
  const refresh = useRefresh();
  const { currency } = useGatewayInfo();
  const [name, setName] = useState(editing?.name ?? '');
  const [transport, setTransport] = useState<(typeof TRANSPORTS)[number]>(editing?.transport === 'sse' ? 'sse' : 'streamable_http');
  const [url, setUrl] = useState(editing?.url ?? '');
  const [bearer, setBearer] = useState('');
  const [headers, setHeaders] = useState('');
  const [enabled, setEnabled] = useState(editing?.enabled ?? true);
  const [callPrice, setCallPrice] = useState(editing?.call_price ?? '');
  const [toolPrices, setToolPrices] = useState(pairsText(editing?.tool_prices ?? null, '='));
  const [timeout, setTimeoutMs] = useState(editing?.timeout_ms === null || !editing ? '' : String(editing.timeout_ms));

  const save = useMutation({
    mutationFn: () => {
      const pairs = (param: string, text: string, sep: ':' | '=', shape: string) => {
        const parsed = parsePairs(text, sep);
        // Found before sending, shown under the field as the API's own field errors are.
        if (!parsed.ok) throw new ApiError(400, 'invalid_request', t('mcp.badLine', { line: parsed.line, shape }), param);
        return parsed.value;
      };
      const headerValues = pairs('headers', headers, ':', 'Name: value');
      const prices = pairs('tool_prices', toolPrices, '=', 'tool = price');
      const timeoutMs = timeout.trim() === '' ? null : Number.isFinite(Number(timeout)) ? Number(timeout) : timeout;
      const body: Record<string, unknown> = {
        transport,
        url: url.trim(),
        enabled,
        call_price: callPrice.trim() || null,
        tool_prices: Object.keys(prices).length > 0 ? prices : null,
        timeout_ms: timeoutMs,
      };
      if (Object.keys(headerValues).length > 0 || !editing) body.headers = Object.keys(headerValues).length > 0 ? headerValues : null;
      if (bearer.trim() !== '') body.bearer = bearer.trim();
      return editing
        ? client.request<McpServer>('PUT', `/mcp-servers/${pathOf(editing.name)}`, body)
        : client.request<McpServer>('POST', '/mcp-servers', { name: name.trim(), ...body });
    },
    onSuccess: async (s) => {
      await refresh(KEYS.mcpServers);
      onDone(t(editing ? 'mcp.saved' : 'mcp.created', { name: s.name }));
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const err = save.error;
  const errorOf = (field: string) => fieldError(err, field);
  const id = (f: string) => `mcp-${f}`;
  const title = editing ? t('mcp.editing', { name: editing.name }) : t('mcp.new');
  return (
    <form className="card form" onSubmit={submit} aria-label={title}>
      <h2>{title}</h2>
      <div className="grid">
        {editing ? null : (
          <Field id={id('name')} label={t('common.name')} error={errorOf('name')}>
            <input id={id('name')} value={name} onChange={(e) => setName(e.target.value)} placeholder="github" required />
          </Field>
        )}
        <Field id={id('transport')} label={t('mcp.transport')} error={errorOf('transport')}>
          <select id={id('transport')} value={transport} onChange={(e) => setTransport(e.target.value as (typeof TRANSPORTS)[number])}>
            {TRANSPORTS.map((x) => (
              <option key={x}>{x}</option>
            ))}
          </select>
        </Field>
        <Field id={id('url')} label={t('mcp.url')} error={errorOf('url')}>
          <input id={id('url')} value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://mcp.example.com/mcp" required />
        </Field>
        <Field id={id('bearer')} label={t(editing ? 'mcp.bearerKeep' : 'mcp.bearer')} error={errorOf('bearer')}>
          <input id={id('bearer')} type="password" autoComplete="off" value={bearer} onChange={(e) => setBearer(e.target.value)} />
        </Field>
        <Field id={id('call-price')} label={t('mcp.callPrice', { currency })} error={errorOf('call_price')}>
          <input id={id('call-price')} inputMode="decimal" value={callPrice} onChange={(e) => setCallPrice(e.target.value)} />
        </Field>
        <Field id={id('timeout')} label={t('mcp.timeout')} error={errorOf('timeout_ms')}>
          <input id={id('timeout')} inputMode="numeric" value={timeout} onChange={(e) => setTimeoutMs(e.target.value)} />
        </Field>
        <div className="field field-check">
          <input id={id('enabled')} type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          <label htmlFor={id('enabled')}>{t('common.enabled')}</label>
        </div>
      </div>
      <Field id={id('headers')} label={t(editing ? 'mcp.headersKeep' : 'mcp.headers')} error={errorOf('headers')}>
        <textarea id={id('headers')} rows={2} value={headers} onChange={(e) => setHeaders(e.target.value)} spellCheck={false} />
      </Field>
      <Field id={id('tool-prices')} label={t('mcp.toolPrices')} error={errorOf('tool_prices')}>
        <textarea id={id('tool-prices')} rows={2} value={toolPrices} onChange={(e) => setToolPrices(e.target.value)} spellCheck={false} />
      </Field>
      <FormActions
        submitLabel={editing ? t('mcp.save') : t('mcp.create')}
        pending={save.isPending}
        onCancel={() => onDone('')}
        error={formError(err, FIELDS)}
      />
    </form>
  );
}
