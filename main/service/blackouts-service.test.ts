// Blackout windows through the contract: saved and shown on the connection (open now, next), refused on
// a CRM connection and for invalid windows with nothing saved, and Sync now refused inside one unless forced.
import { describe, expect, it } from 'vitest';
import { dispatch } from './dispatch.ts';
import { useTempServices } from '../../test/support/temp-services.ts';

const { service } = useTempServices();

const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
const everyDay = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

describe('connections:setBlackouts', () => {
  it('saves the windows and shows the one open now and the next', async () => {
    const s = service();
    const erp = await s.impl['connections:create']({ system: 'sage300', name: 'Sage 300', settings: { url: 'http://127.0.0.1:9/Sage300WebApi/v1.0/-/SAMINC', user: 'WEBAPI' }, secrets: { password: 'pw' } });
    expect(erp.blackouts).toBeNull();
    expect(erp.blackoutStatus).toEqual({ open: null, next: null });
    const now = Date.now();
    const blackouts = { timeZone: 'UTC', windows: [{ kind: 'weekly' as const, name: 'Day End', days: [...everyDay], start: hhmm(now - 10 * 60_000), end: hhmm(now + 50 * 60_000) }] };
    const saved = await s.impl['connections:setBlackouts']({ id: erp.id, blackouts });
    expect(saved.blackouts).toEqual(blackouts);
    expect(saved.blackoutStatus.open).toMatchObject({ name: 'Day End' });
    expect(Date.parse(saved.blackoutStatus.open!.until)).toBeGreaterThan(now);
    // The next one is tomorrow's.
    expect(Date.parse(saved.blackoutStatus.next!.start) - Date.parse(saved.blackoutStatus.open!.until)).toBe(86_400_000 - 60 * 60_000);
    const cleared = await s.impl['connections:setBlackouts']({ id: erp.id, blackouts: null });
    expect(cleared.blackouts).toBeNull();
  });

  it('refuses windows on a CRM connection, and an invalid window names its field; nothing is saved', async () => {
    const s = service();
    const crm = await s.impl['connections:create']({ system: 'hubspot', name: 'HubSpot', settings: { baseUrl: 'http://127.0.0.1:9' }, secrets: { accessToken: 'pat' } });
    const erp = await s.impl['connections:create']({ system: 'sage300', name: 'Sage 300', settings: { url: 'http://127.0.0.1:9/Sage300WebApi/v1.0/-/SAMINC', user: 'WEBAPI' }, secrets: { password: 'pw' } });
    const window = { kind: 'weekly', name: 'Day End', days: ['fri'], start: '18:00', end: '20:00' };
    const onCrm = await dispatch(s.impl, 'connections:setBlackouts', { id: crm.id, blackouts: { timeZone: 'UTC', windows: [window] } });
    expect(onCrm).toMatchObject({ ok: false, error: { code: 'BLACKOUTS_ERP_ONLY', message: 'HubSpot is a HubSpot connection: blackout windows are for ERP connections.' } });
    const bad = await dispatch(s.impl, 'connections:setBlackouts', { id: erp.id, blackouts: { timeZone: 'UTC', windows: [window, { ...window, name: 'Close', kind: 'dates', dates: ['2026-02-30'] }] } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', path: ['blackouts', 'windows', 1, 'dates', 0] } });
    expect((await s.impl['connections:list']({})).map((c) => c.blackouts)).toEqual([null, null]);
  });
});
