import type { RequestHandler, Response } from 'express';
import type { Operation } from './operations';

export type { Operation } from './operations';

/** One extra admin_logs row caused by the request (a cascaded delete). */
export interface CascadeEntry {
  operation: Operation;
  target: string | null;
  detail: Record<string, unknown> | null;
}

/** What the request's admin_logs row will say; filled in by the handlers as they learn it. */
export interface AuditEntry {
  operation: Operation;
  target: string | null;
  detail: Record<string, unknown>;
  cascade: CascadeEntry[];
}

const AUDIT_KEY = 'adminAudit';

export function startAudit(res: Response): AuditEntry {
  const entry: AuditEntry = { operation: 'unknown', target: null, detail: {}, cascade: [] };
  res.locals[AUDIT_KEY] = entry;
  return entry;
}

export function auditOf(res: Response): AuditEntry {
  const entry = res.locals[AUDIT_KEY] as AuditEntry | undefined;
  return entry ?? startAudit(res);
}

/** Names the operation of this route; the target defaults to the given path parameter. */
export function operation(name: Operation, targetParam?: string): RequestHandler {
  return (req, res, next) => {
    const entry = auditOf(res);
    entry.operation = name;
    const value: unknown = targetParam === undefined ? undefined : req.params[targetParam];
    if (typeof value === 'string') entry.target = value;
    else if (Array.isArray(value)) entry.target = value.join('/');
    next();
  };
}

export function setOperation(res: Response, name: Operation): void {
  auditOf(res).operation = name;
}

export function setTarget(res: Response, target: string | number): void {
  auditOf(res).target = String(target);
}

/** Adds fields to the row's detail. Never pass secrets: upstream keys and token keys stay out. */
export function addDetail(res: Response, detail: Record<string, unknown>): void {
  Object.assign(auditOf(res).detail, detail);
}

export function addCascade(res: Response, entries: CascadeEntry[]): void {
  auditOf(res).cascade.push(...entries);
}
