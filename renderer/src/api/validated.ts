// Wraps a transport so every answer and event is checked against the contract's zod schemas: the
// renderer gets exactly the typed shapes the contract promises (defaults applied), and a service that
// drifts from the contract shows up as a clear BAD_RESPONSE naming the channel and field.
import { contract, eventSchemas, type ApiClient, type AppEvent, type Channel, type Result } from '../../../preload/contract/index.ts';

function describe(issues: { path: PropertyKey[]; message: string }[]): string {
  const first = issues[0];
  if (!first) return 'invalid';
  const path = first.path.map(String).join('.');
  return `${path ? `"${path}" ` : ''}${first.message}`;
}

export function validated(inner: ApiClient): ApiClient {
  return {
    async call(channel: Channel, input: unknown) {
      const result = (await inner.call(channel, input as never)) as Result<unknown>;
      if (!result.ok) return result;
      const parsed = contract[channel].output.safeParse(result.value);
      if (parsed.success) return { ok: true, value: parsed.data };
      return {
        ok: false,
        error: { code: 'BAD_RESPONSE', message: `${channel}: the service's answer does not match the contract: ${describe(parsed.error.issues)}.` },
      };
    },
    subscribe(listener) {
      return inner.subscribe((event) => {
        const schema = (eventSchemas as Record<string, (typeof eventSchemas)[keyof typeof eventSchemas]>)[event.name];
        if (!schema) return;
        const parsed = schema.safeParse(event.payload);
        if (parsed.success) listener({ name: event.name, payload: parsed.data } as AppEvent);
        else console.warn(`event ${event.name} does not match the contract: ${describe(parsed.error.issues)}`);
      });
    },
  } as ApiClient;
}
