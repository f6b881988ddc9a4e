import { describe, expect, it } from 'vitest';
import { AssociationLabels } from './association-labels.ts';
import { PortalState } from './state.ts';

describe('AssociationLabels', () => {
  it('gives a label between two object types a type each way, each the other’s reverse, after HubSpot’s own types', () => {
    const labels = new AssociationLabels();
    const [fwd, back] = labels.create('contacts', 'companies', 'billing', 'Billing', undefined);
    expect(labels.typesFor('contacts', 'companies').map((t) => [t.typeId, t.category, t.label])).toEqual([
      [279, 'HUBSPOT_DEFINED', null],
      [1, 'HUBSPOT_DEFINED', 'Primary'],
      [fwd?.typeId, 'USER_DEFINED', 'Billing'],
    ]);
    expect(labels.find('companies', 'contacts', back?.typeId ?? 0)?.label).toBe('Billing');
    expect(labels.reverse('contacts', 'companies', fwd?.typeId ?? 0)).toBe(back?.typeId);
    expect(labels.reverse('companies', 'contacts', back?.typeId ?? 0)).toBe(fwd?.typeId);
    expect(labels.reverse('contacts', 'companies', 1)).toBe(2);
    expect(labels.countBetween('companies', 'contacts')).toBe(1);
  });

  it('makes an unpaired label of one object type a single type that is its own reverse; a paired one two types', () => {
    const labels = new AssociationLabels();
    const [peer] = labels.create('contacts', 'contacts', 'peer', 'Peer', undefined);
    expect(labels.reverse('contacts', 'contacts', peer?.typeId ?? 0)).toBe(peer?.typeId);
    const [manager, employee] = labels.create('contacts', 'contacts', 'manager', 'Manager', 'Employee');
    expect(labels.reverse('contacts', 'contacts', manager?.typeId ?? 0)).toBe(employee?.typeId);
    expect(labels.countBetween('contacts', 'contacts')).toBe(2);
    labels.rename(manager?.typeId ?? 0, 'Lead', 'Report');
    expect(labels.find('contacts', 'contacts', employee?.typeId ?? 0)?.label).toBe('Report');
    expect(labels.remove(manager?.typeId ?? 0).sort()).toEqual([manager?.typeId, employee?.typeId].sort());
    expect(labels.countBetween('contacts', 'contacts')).toBe(1);
  });

  it('finds names and label texts already taken between a pair, in either direction for names', () => {
    const labels = new AssociationLabels();
    labels.create('deals', 'companies', 'reseller', 'Reseller', 'Resold deal');
    expect(labels.clash('companies', 'deals', 'reseller', 'Other')).toBe('name');
    expect(labels.clash('deals', 'companies', 'other', 'Reseller')).toBe('label');
    expect(labels.clash('deals', 'companies', 'other', 'Other')).toBeUndefined();
  });
});

describe('AssociationStore with custom labels', () => {
  it('stores the reverse type on the other side and lists each pair carrying a type once', () => {
    const state = new PortalState();
    const [fwd, back] = state.associationLabels.create('contacts', 'companies', 'billing', 'Billing', undefined);
    state.associations.create('contacts', '11', 'companies', '21', fwd?.typeId ?? 0, 0);
    state.associations.create('contacts', '12', 'companies', '21', fwd?.typeId ?? 0, 0);
    expect(state.associations.list('companies', '21', 'contacts').map((a) => a.typeIds)).toEqual([
      [280, back?.typeId],
      [280, back?.typeId],
    ]);
    expect(state.associations.withType('contacts', 'companies', fwd?.typeId ?? 0)).toEqual([
      { fromId: '11', toId: '21' },
      { fromId: '12', toId: '21' },
    ]);
    const [peer] = state.associationLabels.create('contacts', 'contacts', 'peer', 'Peer', undefined);
    state.associations.create('contacts', '11', 'contacts', '12', peer?.typeId ?? 0, 0);
    expect(state.associations.withType('contacts', 'contacts', peer?.typeId ?? 0)).toHaveLength(1);
  });
});
