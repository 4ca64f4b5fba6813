import { useMcpServers } from '../../api/queries';
import { useI18n } from '../../i18n/i18n';

/**
 * The token's MCP allow-list: each registered server as a whole (`server`) and each of its tools
 * at the last refresh (`server/tool`). Nothing ticked: no MCP access (MCP is opt-in per token).
 * Entries of the token that are no longer offered stay visible, so saving keeps or drops them knowingly.
 */
export function McpAllowList({ prefix, value, onChange, error }: { prefix: string; value: Set<string>; onChange(next: Set<string>): void; error: string | null }) {
  const { t } = useI18n();
  const servers = useMcpServers().data ?? [];
  const choices: { id: string; whole: boolean }[] = [];
  for (const s of servers) {
    choices.push({ id: s.name, whole: true });
    for (const tool of s.tool_names ?? []) choices.push({ id: `${s.name}/${tool}`, whole: false });
  }
  for (const id of value) if (!choices.some((c) => c.id === id)) choices.push({ id, whole: !id.includes('/') });
  const toggle = (id: string) => {
    const next = new Set(value);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onChange(next);
  };
  return (
    <fieldset className="checklist">
      <legend>{t('tokens.mcpAllowed')}</legend>
      {choices.map((c) => (
        <div key={c.id} className="check">
          <input id={`${prefix}-mcp-${c.id}`} type="checkbox" checked={value.has(c.id)} onChange={() => toggle(c.id)} />
          <label htmlFor={`${prefix}-mcp-${c.id}`}>
            {c.id}
            {c.whole ? <span className="tag">{t('tokens.mcpWhole')}</span> : null}
          </label>
        </div>
      ))}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
