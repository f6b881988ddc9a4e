// The API calls a run costs when there is no history to measure it by (a new flow, the setup wizard's
// dry run): the destination is written in batches, one call per batch of up to `batchSize` records
// (HubSpot's and Zoho's batch upserts take 100), and a record with lines or associations costs extra
// calls per batch (`callsPerBatch`). Reading the ERP costs the CRM nothing; reading a CRM does, one call
// per page (`readPageSize`, e.g. HubSpot's 100) when the flow's source is the CRM.

export interface CallsEstimateInput {
  /** Records the run would write (created + updated); unchanged records cost no write. */
  records: number;
  /** Largest batch one write request takes (the destination object's maxBatch; default 100). */
  batchSize?: number;
  /** Calls per written batch (1; more for objects written with their lines or associations). */
  callsPerBatch?: number;
  /** Records the run reads from a CRM source, and its page size: one call per page. */
  read?: { records: number; pageSize: number };
  /** Calls made to compare with the destination's live values first (a dry run's batch reads). */
  lookups?: number;
}

/** API calls for a run over N records: ceil(N / batch) × calls per batch, + pages read, + look-ups. */
export function estimateCallsForRecords(input: CallsEstimateInput): number {
  const batch = Math.max(1, input.batchSize ?? 100);
  const writes = Math.ceil(Math.max(0, input.records) / batch) * Math.max(1, input.callsPerBatch ?? 1);
  const reads = input.read && input.read.records > 0 ? Math.ceil(input.read.records / Math.max(1, input.read.pageSize)) : 0;
  return writes + reads + Math.max(0, input.lookups ?? 0);
}
