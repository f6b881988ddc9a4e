// The two protocol dialects of the Service Layer (spec §1.2), read over raw HTTP as a client of either
// would: /b1s/v1 is an OData v3 service (v3 CSDL namespaces, DataServiceVersion 3.0), /b1s/v2 an OData v4
// one; and the Login answer a client keeps (spec §2.1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSapB1Sandbox, type SapB1Sandbox } from './index.ts';

interface Line { url: string; urlV1: string; admin: string; companyDB: string; user: string; password: string }
let sb: SapB1Sandbox;
let line: Line;

beforeAll(async () => {
  sb = await startSapB1Sandbox({ port: 0, records: 5, seed: 1 });
  line = sb.line as unknown as Line;
});
afterAll(() => sb.close());

async function login(base: string) {
  const res = await fetch(`${base}/Login`, { method: 'POST', body: JSON.stringify({ CompanyDB: line.companyDB, UserName: line.user, Password: line.password }) });
  return { cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), body: (await res.json()) as { SessionId: string } };
}

describe('$metadata per dialect (spec §1.2)', () => {
  it('v1 answers OData v3 CSDL: the 2007/06 edmx and 2009/11 edm namespaces, DataServiceVersion 3.0', async () => {
    const { cookie } = await login(line.urlV1);
    const xml = await (await fetch(`${line.urlV1}/$metadata`, { headers: { cookie } })).text();
    expect(xml).toMatch(/<edmx:Edmx Version="1\.0" xmlns:edmx="http:\/\/schemas\.microsoft\.com\/ado\/2007\/06\/edmx"/);
    expect(xml).toMatch(/<edmx:DataServices m:DataServiceVersion="3\.0"[^>]*xmlns:m="http:\/\/schemas\.microsoft\.com\/ado\/2007\/08\/dataservices\/metadata"/);
    expect(xml).toMatch(/<Schema Namespace="SAPB1" xmlns="http:\/\/schemas\.microsoft\.com\/ado\/2009\/11\/edm">/);
    expect(xml).toMatch(/<EntityContainer Name="ServiceLayer" m:IsDefaultEntityContainer="true">/);
    expect(xml).not.toContain('docs.oasis-open.org');
    // A v3 navigation property goes through an Association (spec §4.1: Invoices → BusinessPartner).
    expect(xml).toMatch(/<EntityType Name="Document">.*<NavigationProperty Name="BusinessPartner" Relationship="SAPB1\.Document_BusinessPartner" FromRole="Document" ToRole="BusinessPartner"\/><\/EntityType>/);
    expect(xml).toContain('<Association Name="Document_BusinessPartner">');
    expect(xml).toContain('<AssociationSet Name="Document_BusinessPartner" Association="SAPB1.Document_BusinessPartner">');
  });

  it('v2 answers OData v4 CSDL: Version 4.0 and the OASIS namespaces', async () => {
    const { cookie } = await login(line.url);
    const xml = await (await fetch(`${line.url}/$metadata`, { headers: { cookie } })).text();
    expect(xml).toMatch(/<edmx:Edmx Version="4\.0" xmlns:edmx="http:\/\/docs\.oasis-open\.org\/odata\/ns\/edmx"/);
    expect(xml).toMatch(/<Schema Namespace="SAPB1" xmlns="http:\/\/docs\.oasis-open\.org\/odata\/ns\/edm">/);
    expect(xml).not.toContain('schemas.microsoft.com');
    expect(xml).toMatch(/<EntityType Name="Document">.*<NavigationProperty Name="BusinessPartner" Type="SAPB1\.BusinessPartner"\/><\/EntityType>/);
    expect(xml).toContain('<EntitySet Name="Invoices" EntityType="SAPB1.Document"><NavigationPropertyBinding Path="BusinessPartner" Target="BusinessPartners"/></EntitySet>');
  });
});

describe('counts per dialect (spec §5.3)', () => {
  it("v2 answers $inlinecount=allpages with @odata.count as B1SLayer expects (it sends $inlinecount on both versions); a switch refuses it", async () => {
    const { cookie } = await login(line.url);
    const accepted = await fetch(`${line.url}/BusinessPartners?$inlinecount=allpages&$top=1&$select=CardCode`, { headers: { cookie } });
    expect(accepted.status).toBe(200);
    const body = (await accepted.json()) as Record<string, unknown>;
    expect(body['@odata.count']).toEqual(expect.any(Number));
    expect(body['odata.count']).toBeUndefined();

    await fetch(`${line.admin}/switches`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ v2InlineCount: 'refuse' }) });
    try {
      const refused = await fetch(`${line.url}/BusinessPartners?$inlinecount=allpages&$top=1`, { headers: { cookie } });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ error: { code: '-1000' } });
    } finally {
      await fetch(`${line.admin}/switches`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ v2InlineCount: 'accept' }) });
    }
  });
});

describe('Login (spec §2.1)', () => {
  it('hands out a GUID-like SessionId, as SAP and the observed 10.0 builds do', async () => {
    for (const base of [line.urlV1, line.url]) {
      const { body } = await login(base);
      expect(body.SessionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
  });
});
