// An address typed into the wrong connection form, over real sockets: another system's refusal is
// named as that system instead of being read by our rules (a HubSpot 401 is not a wrong Sage 300
// password), our own refusals stay ours, and an https:// address on a plain-HTTP port says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpClient } from './http.ts';
import type { ConnectorError } from './errors.ts';

let answer: (res: ServerResponse) => void = (res) => res.end();
let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((_req, res) => answer(res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const hubspot401 = (res: ServerResponse) => {
  res.writeHead(401, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ status: 'error', message: 'Authentication credentials not found.', correlationId: '7c1d0f4e-0000-4000-8000-000000000000', category: 'INVALID_AUTHENTICATION' }));
};
const sage401 = (res: ServerResponse) => {
  res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="Sage300WebApi"' });
  res.end(JSON.stringify({ error: { code: 'Unauthorized', message: { lang: 'en-US', value: 'Invalid user ID or password.' } } }));
};

async function failure(system: string, baseUrl: string, path = '/x'): Promise<ConnectorError> {
  const http = createHttpClient({ system, baseUrl, retry: false });
  try {
    return (await http.request({ method: 'GET', path }).then(
      () => {
        throw new Error('the request succeeded');
      },
      (e: unknown) => e,
    )) as ConnectorError;
  } finally {
    await http.close();
  }
}

describe('an answer from another system', () => {
  it('a HubSpot refusal to a Sage 300 connection is named as HubSpot, with the address to enter instead', async () => {
    answer = hubspot401;
    const err = await failure('Sage 300', `http://127.0.0.1:${port}/Sage300WebApi/v1.0/-/SAMINC`, '/AR/ARCustomers');
    expect(err.code).toBe('WRONG_SYSTEM');
    expect(err.message).toMatch(/^This address answers as HubSpot, not Sage 300 \(401 to GET /);
    expect(err.hint).toBe('Enter the Sage 300 address here (like https://erp.example.com/Sage300WebApi); a HubSpot address belongs in a HubSpot connection.');
  });

  it('a Sage 300 refusal to a HubSpot connection is named as Sage 300', async () => {
    answer = sage401;
    const err = await failure('hubspot', `http://127.0.0.1:${port}`, '/crm/v3/objects/companies');
    expect(err.code).toBe('WRONG_SYSTEM');
    expect(err.message).toMatch(/answers as Sage 300, not HubSpot/);
  });

  it('our own refusal stays ours', async () => {
    answer = hubspot401;
    expect((await failure('hubspot', `http://127.0.0.1:${port}`)).code).toBe('AUTH_REJECTED');
    answer = sage401;
    expect((await failure('Sage 300', `http://127.0.0.1:${port}/Sage300WebApi/v1.0/-/SAMINC`)).code).toBe('AUTH_REJECTED');
  });

  it('an https:// address on a plain-HTTP port: the server speaks plain HTTP, not a certificate problem', async () => {
    answer = (res) => res.end('ok');
    const err = await failure('Sage 300', `https://127.0.0.1:${port}/Sage300WebApi`);
    expect(err.code).toBe('PLAIN_HTTP');
    expect(err.message).toBe(`127.0.0.1:${port} speaks plain HTTP, not HTTPS: the address starts with https:// but the server has no TLS on this port.`);
  });
});
