// Seed data for the benchmarks and the chaos run, written as a Sage 300 sandbox `--seed` file.
//
// The sandbox's own generator makes about 3.5 invoices per 10 customers with 1–3 lines each (and OE
// orders); the issue asks for 50,000 customers, 20,000 invoices and 100,000 lines. So the customers come
// from the sandbox generator (realistic names, accents, CJK, blanks, ~90 % with a contact person) and
// the invoice batches are built here: exactly `invoices` invoices with 1–9 lines each, adding up to
// exactly `lines`, four invoices to a batch, spread over the customers. No orders, postings or payments:
// the measured flows are customers → companies, contacts → contacts and invoices → invoices.
import { writeFileSync } from 'node:fs';
import { generate, type SeedData } from '../../connectors/sage300/sandbox/data.ts';
import { blank, blankRow, sageDate, addDays, round2 } from '../../connectors/sage300/sandbox/records.ts';
import { MODELS } from '../../connectors/sage300/sandbox/models.ts';
import { seededRandom } from '../../connectors/kit/sandbox/random.ts';
import { contactOf } from '../../connectors/sage300/entities.ts';
import type { Customer } from '../../connectors/sage300/schema.ts';

export interface SeedShape {
  customers: number;
  invoices: number;
  lines: number;
  seed: number;
  /** The sandbox's "today" (YYYY-MM-DD). */
  today: string;
}

export interface BuiltSeed {
  data: Partial<SeedData>;
  counts: { customers: number; contacts: number; invoices: number; lines: number; invoicesWithContact: number };
}

const ITEMS: [string, string, number][] = [
  ['A1-105/0', 'Steel Shelving Unit 1.8 m', 149.5],
  ['A1-310/0', 'Fluorescent Desk Lamp', 39.99],
  ['B2-220/4', 'Cordless Drill 18 V', 219],
  ['C3-001/1', 'Conference Table — Walnut', 1250],
  ['D4-777/2', 'Ergonomic Chair «Comfort+»', 389.95],
  ['', 'Consulting services (hours)', 95],
];

/** Drops properties equal to the model's empty value: the sandbox fills them back in at seed time. */
function compact(model: string, row: Record<string, unknown>): Record<string, unknown> {
  const empty = blankRow(MODELS[model]!);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    const e = (empty as Record<string, unknown>)[k];
    if (JSON.stringify(v) !== JSON.stringify(e)) out[k] = v;
  }
  return out;
}

/** Line counts in 1..9 whose sum is exactly `total` (requires count ≤ total ≤ 9·count). */
function lineCounts(count: number, total: number, rnd: () => number): number[] {
  if (total < count || total > 9 * count) throw new Error(`cannot spread ${total} lines over ${count} invoices with 1–9 each`);
  const n = Array.from({ length: count }, () => 1 + Math.floor(rnd() * 9));
  let sum = n.reduce((a, b) => a + b, 0);
  let i = 0;
  while (sum !== total) {
    const k = Math.floor(rnd() * count);
    if (sum < total && n[k]! < 9) {
      n[k]!++;
      sum++;
    } else if (sum > total && n[k]! > 1) {
      n[k]!--;
      sum--;
    }
    if (++i > 100 * count) throw new Error('line distribution did not converge');
  }
  return n;
}

export function buildSeed(shape: SeedShape): BuiltSeed {
  const generated = generate(shape.customers, shape.seed, shape.today);
  const customers = generated.customers;
  const rnd = seededRandom(shape.seed * 7919 + 13);
  const counts = lineCounts(shape.invoices, shape.lines, rnd);
  const hasContact = new Set(customers.filter((c) => contactOf(c as unknown as Customer) !== null).map((c) => String(c.CustomerNumber)));

  const batches: Record<string, unknown>[] = [];
  let invoicesWithContact = 0;
  const perBatch = 4;
  const batchCount = Math.ceil(shape.invoices / perBatch);
  let doc = 1_000_000;
  for (let b = 0; b < batchCount; b++) {
    const batchNumber = b + 1;
    const batchDay = addDays(shape.today, -Math.round(700 * (1 - b / batchCount)) - 1);
    const invoices: Record<string, unknown>[] = [];
    for (let e = 0; e < perBatch; e++) {
      const k = b * perBatch + e;
      if (k >= shape.invoices) break;
      const customer = customers[Math.floor(rnd() * customers.length)]!;
      if (hasContact.has(String(customer.CustomerNumber))) invoicesWithContact++;
      const lines = Array.from({ length: counts[k]! }, (_, l) => {
        const [item, description, price] = ITEMS[Math.floor(rnd() * ITEMS.length)]!;
        const quantity = 1 + Math.floor(rnd() * 20);
        const amount = round2(quantity * price);
        return blank('InvoiceDetail', {
          BatchNumber: batchNumber, EntryNumber: e + 1, LineNumber: (l + 1) * 20, ItemNumber: item, Description: description,
          Quantity: quantity, Price: price, ExtendedAmountWithTIP: amount, ExtendedAmountWithoutTIP: amount, TaxTotal: round2(amount * 0.08),
        });
      });
      const net = round2(lines.reduce((a, l) => a + Number(l.ExtendedAmountWithoutTIP), 0));
      const tax = round2(lines.reduce((a, l) => a + Number(l.TaxTotal), 0));
      invoices.push(
        blank('Invoice', {
          BatchNumber: batchNumber, EntryNumber: e + 1, CustomerNumber: customer.CustomerNumber, DocumentNumber: `IN${++doc}`,
          DocumentType: 'Invoice', DocumentDate: sageDate(batchDay), DueDate: sageDate(addDays(batchDay, 30)), CurrencyCode: customer.CurrencyCode,
          Terms: customer.Terms, DocumentTotalBeforeTax: net, TaxTotal: tax, DocumentTotalIncludingTax: round2(net + tax), AmountDue: round2(net + tax),
          PONumber: rnd() < 0.4 ? `PO-${10_000 + Math.floor(rnd() * 90_000)}` : '', InvoiceDetails: lines,
        }),
      );
    }
    batches.push({ BatchNumber: batchNumber, BatchDate: sageDate(batchDay), BatchType: 'Entered', BatchStatus: 'Open', DefaultInvoiceType: 'Item', NumberOfEntries: invoices.length, DateLastEdited: sageDate(batchDay), Invoices: invoices });
  }
  return {
    data: { terms: generated.terms, customers: customers.map((c) => compact('Customer', c)), vendors: [], batches, orders: [], postings: [], payments: [] },
    counts: { customers: customers.length, contacts: hasContact.size, invoices: shape.invoices, lines: shape.lines, invoicesWithContact },
  };
}

export function writeSeed(file: string, seed: BuiltSeed): void {
  writeFileSync(file, JSON.stringify(seed.data));
}
