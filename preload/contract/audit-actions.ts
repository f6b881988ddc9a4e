// What became of a record, as the audit log records it. A plain list without zod (audit.ts makes the
// schema from it), so the command line's `audit --status` choices load without the contract.
export const AUDIT_ACTIONS = ['created', 'updated', 'unchanged', 'skipped', 'failed', 'waiting', 'replayed', 'deleted'] as const;
