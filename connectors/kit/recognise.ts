// Which system answered? An address typed into the wrong connection form (a HubSpot URL as Sage 300's
// Web API, a Sage 300 address as SAP Business One's Service Layer) gets a refusal that the expected
// system's rules would misread — a 401 becomes "wrong password". A refusal that carries another
// system's unmistakable marks is reported as that system instead. Only error responses are looked at,
// and only marks the vendors document for their own APIs (no guessing from free text).
import type { RawResponse } from './classify.ts';

interface Signature {
  /** Names a connector may pass as its system (ids and labels, compared without case or spaces). */
  names: readonly string[];
  label: string;
  /** What to enter instead, as an example of the address this system has. */
  example: string;
  matches(res: Pick<RawResponse, 'headers' | 'json' | 'text' | 'path'>): boolean;
}

const object = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

const SIGNATURES: readonly Signature[] = [
  {
    names: ['hubspot'],
    label: 'HubSpot',
    example: 'https://api.hubapi.com',
    // HubSpot's error body: { status: "error", message, correlationId, category } (its API docs' error format).
    matches: (res) => {
      const j = object(res.json);
      return Boolean(j && j['status'] === 'error' && typeof j['correlationId'] === 'string' && typeof j['category'] === 'string');
    },
  },
  {
    names: ['sage300'],
    label: 'Sage 300',
    example: 'https://erp.example.com/Sage300WebApi',
    // Every Sage 300 Web API address has the application path /Sage300WebApi, and its Basic challenge names it.
    matches: (res) => /\/Sage300WebApi\//i.test(res.path) || /realm="?Sage300WebApi/i.test(res.headers.get('www-authenticate') ?? ''),
  },
  {
    names: ['sapb1', 'sapbusinessone'],
    label: 'SAP Business One',
    example: 'https://sap.example.com:50000/b1s/v1',
    matches: (res) => /\/b1s\/v[12]\//i.test(res.path),
  },
  {
    names: ['zoho', 'zohocrm'],
    label: 'Zoho CRM',
    example: 'https://www.zohoapis.com',
    // Zoho's error body: { code, details: {}, message, status: "error" } — no correlationId.
    matches: (res) => {
      const j = object(res.json);
      return Boolean(j && j['status'] === 'error' && typeof j['code'] === 'string' && object(j['details']) && j['correlationId'] === undefined);
    },
  },
];

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The system an error response came from, when it is recognisably not `expected`. */
export function foreignSystem(res: Pick<RawResponse, 'status' | 'headers' | 'json' | 'text' | 'path'>, expected: string): { label: string; expected: { label: string; example?: string } } | undefined {
  if (res.status < 400) return undefined;
  const mine = SIGNATURES.find((s) => s.names.includes(squash(expected)));
  // Each mark is one only that system leaves (a connector's own requests may carry its own marks, e.g. the path).
  const other = SIGNATURES.find((s) => s !== mine && s.matches(res));
  if (!other) return undefined;
  return { label: other.label, expected: mine ? { label: mine.label, example: mine.example } : { label: expected } };
}
