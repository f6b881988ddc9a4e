// AR aging computed from AR_OpenInvoice (spec §3.7, the authoritative point-in-time method): each
// open item's Balance goes into a bucket by days past due (basis `due`) or since the invoice date
// (basis `invoice`); credits (negative balances: PP, PY, CM) are reported apart as openCredits.
// Extension of §7: `sales12Months`, the customer's invoiced sales over the 12 months before asOf
// from invoice history (TaxableSalesAmt + NonTaxableSalesAmt − DiscountAmt; credit memos negative,
// deleted invoices and cash entries left out), which the HubSpot flow maps to annual revenue.
import { sageDate } from './shape.ts';
import type { SqlRow } from './sql-connection.ts';

export interface Bucket {
  label: string;
  amount: number;
}

export function bucketLabels(limits: number[]): string[] {
  const labels = ['current'];
  let from = 1;
  for (const to of limits) {
    labels.push(`${from}-${to}`);
    from = to + 1;
  }
  labels.push(`over${limits[limits.length - 1] ?? 0}`);
  return labels;
}

export function parseBuckets(text: string | undefined): number[] | null {
  const limits = (text ?? '30,60,90,120').split(',').map((x) => Number(x.trim()));
  if (!limits.length || limits.some((n, i) => !Number.isInteger(n) || n < 1 || (i > 0 && n <= limits[i - 1]!))) return null;
  return limits;
}

const cents = (n: number) => Math.round(n * 100) / 100;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export function computeAging(openItems: SqlRow[], asOf: string, basis: 'due' | 'invoice', limits: number[]) {
  const labels = bucketLabels(limits);
  const amounts = labels.map(() => 0);
  let openCredits = 0;
  for (const item of openItems) {
    const balance = Number(item.Balance ?? 0);
    if (!balance) continue;
    if (balance < 0) {
      openCredits += balance;
      continue;
    }
    const invoiceDate = sageDate(item.InvoiceDate ?? null);
    const ref = basis === 'due' ? (sageDate(item.InvoiceDueDate ?? null) ?? invoiceDate) : invoiceDate;
    const days = ref ? daysBetween(ref, asOf) : 0;
    let idx = 0;
    if (days > 0) {
      idx = limits.findIndex((to) => days <= to) + 1;
      if (idx === 0) idx = labels.length - 1;
    }
    amounts[idx]! += balance;
  }
  const buckets: Bucket[] = labels.map((label, i) => ({ label, amount: cents(amounts[i]!) }));
  const total = cents(amounts.reduce((a, b) => a + b, 0) + openCredits);
  return { asOf, basis, buckets, openCredits: cents(openCredits), total };
}

export function sales12Months(history: SqlRow[]): number {
  let sum = 0;
  for (const h of history) {
    const type = String(h.InvoiceType ?? '').trim();
    if (type === 'XD' || type === 'CA') continue;
    const amount = Number(h.TaxableSalesAmt ?? 0) + Number(h.NonTaxableSalesAmt ?? 0) - Number(h.DiscountAmt ?? 0);
    sum += type === 'CM' ? -Math.abs(amount) : amount;
  }
  return cents(sum);
}

export function minusDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}
