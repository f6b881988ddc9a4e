// Two records HubSpot refuses, seeded on purpose so a demo shows what failures look like:
// 1. a Sage 300 contact whose email is not an address (HubSpot: INVALID_EMAIL) — fixed in Sage 300,
//    it syncs at the next run;
// 2. a HubSpot contact a salesperson already created with the email of a Sage 300 contact
//    (HubSpot: 409 "Contact already exists") — fixed in HubSpot, the failed record is replayed.
import { z } from 'zod';

export interface TeachingFailures {
  invalidEmailCustomer: string;
  conflictCustomer: string;
  conflictEmail: string;
}

interface CustomerRow {
  CustomerNumber: string;
  ContactsEmail?: string;
  ContactName?: string;
}

const sageLineSchema = z.object({ url: z.string(), admin: z.string(), user: z.string(), password: z.string() });
const hubspotLineSchema = z.object({ url: z.string() });

/** Takes the two sandboxes' JSON lines (what `ml-connector sandbox sage300|hubspot` prints). */
export async function seedTeachingFailures(sageLine: Record<string, unknown>, hubspotLine: Record<string, unknown>): Promise<TeachingFailures> {
  const sage = sageLineSchema.parse(sageLine);
  const hubspot = hubspotLineSchema.parse(hubspotLine);
  const auth = 'Basic ' + Buffer.from(`${sage.user.toUpperCase()}:${sage.password}`).toString('base64');
  const res = await fetch(`${sage.url}/AR/ARCustomers?$top=100&$select=CustomerNumber,ContactsEmail,ContactName`, { headers: { Authorization: auth, 'Content-Type': 'application/json' } });
  if (!res.ok) throw new Error(`demo: reading Sage 300 sandbox customers failed with ${res.status}`);
  const rows = ((await res.json()) as { value: CustomerRow[] }).value.filter((c) => c.ContactsEmail && c.ContactName);
  if (rows.length < 2) throw new Error('demo: the Sage 300 sandbox has too few customers with contacts');
  const [bad, clash] = [rows[0]!, rows[1]!];
  const edit = await fetch(`${sage.admin}/edit`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ resource: 'ARCustomers', key: bad.CustomerNumber, changes: { ContactsEmail: 'accounts at example dot com' } }),
  });
  if (!edit.ok) throw new Error(`demo: editing a Sage 300 sandbox customer failed with ${edit.status}`);
  const seed = await fetch(`${hubspot.url}/__sandbox/seed`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ contacts: [{ email: clash.ContactsEmail, firstname: 'Entered', lastname: 'By Sales' }] }),
  });
  if (!seed.ok) throw new Error(`demo: seeding the HubSpot sandbox failed with ${seed.status}`);
  return { invalidEmailCustomer: bad.CustomerNumber, conflictCustomer: clash.CustomerNumber, conflictEmail: clash.ContactsEmail! };
}
