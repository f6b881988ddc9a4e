import type { Migration } from '../migrate.ts';

// API budget planner: each run records the API units it spent per CRM account
// (`{"hubspot:<hash>": 212}`, JSON), so what a flow's schedule costs a day is known from its recent runs,
// and a run that stopped on an exhausted budget records when it resumes (the dashboard shows the pause
// without asking the engine, which may live in another thread or process).
export const m0013: Migration = {
  version: 13,
  name: 'run-api-units',
  sql: `
ALTER TABLE runs ADD COLUMN api_units TEXT;
ALTER TABLE runs ADD COLUMN paused_until TEXT;
`,
};
