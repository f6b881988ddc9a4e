// One JSON line per request (spec §7.7): who, what, how it ended and how long it took. Never headers,
// never the query's secrets (there are none in query strings; keys and passwords travel in headers).
export interface RequestLogEntry {
  at: string;
  requestId: string;
  method: string;
  path: string;
  status: number;
  ms: number;
  remote?: string;
  user?: string;
  company?: string;
  code?: string;
}

export type RequestLogger = (entry: RequestLogEntry) => void;
