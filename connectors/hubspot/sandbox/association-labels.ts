// The portal's association types: HubSpot's defaults (data.ts, HUBSPOT_DEFINED) plus the custom labels
// an admin creates through `/crm/v4/associations/{from}/{to}/labels` (USER_DEFINED). Types are
// directional, so every custom label gets a type each way: from→to carries `label`, to→from carries
// `inverseLabel` when given (a paired label), else the same text. A label between one object type and
// itself without an inverse is a single type that is its own reverse.
import { associationTypesFor, reverseTypeId } from './data.ts';

export type AssociationCategory = 'HUBSPOT_DEFINED' | 'USER_DEFINED';

export interface AssociationType {
  typeId: number;
  label: string | null;
  category: AssociationCategory;
}

interface CustomType {
  typeId: number;
  from: string;
  to: string;
  name: string;
  label: string;
  reverse: number;
}

export class AssociationLabels {
  private readonly custom = new Map<number, CustomType>();
  // Above the ids data.ts gives unknown pairs (9000 + …), so a custom type never shadows a default one.
  private nextId = 10_001;

  /** The from→to types: HubSpot's first (the unlabelled one leading where there is one), then custom ones by id. */
  typesFor(from: string, to: string): AssociationType[] {
    const builtin = associationTypesFor(from, to).map((t) => ({ ...t, category: 'HUBSPOT_DEFINED' as const }));
    return [...builtin, ...[...this.custom.values()].filter((c) => c.from === from && c.to === to).map((c) => ({ typeId: c.typeId, label: c.label, category: 'USER_DEFINED' as const }))];
  }

  find(from: string, to: string, typeId: number): AssociationType | undefined {
    return this.typesFor(from, to).find((t) => t.typeId === typeId);
  }

  /** The type of the same association seen from the other side. */
  reverse(from: string, to: string, typeId: number): number {
    return this.custom.get(typeId)?.reverse ?? reverseTypeId(from, to, typeId);
  }

  /** The custom type with this id (any pair), e.g. to learn where an inline association points. */
  customType(typeId: number): { from: string; to: string } | undefined {
    return this.custom.get(typeId);
  }

  /** Custom labels between the two object types, counted once per label (both directions share it). */
  countBetween(from: string, to: string): number {
    const ids = new Set<number>();
    for (const c of this.custom.values()) if ((c.from === from && c.to === to) || (c.from === to && c.to === from)) ids.add(Math.min(c.typeId, c.reverse));
    return ids.size;
  }

  /** Whether a custom label between the two types already has this name or this label text. */
  clash(from: string, to: string, name: string, label: string): 'name' | 'label' | undefined {
    for (const c of this.custom.values()) {
      if (!((c.from === from && c.to === to) || (c.from === to && c.to === from))) continue;
      if (c.name === name) return 'name';
      if (c.from === from && c.label === label) return 'label';
    }
    return undefined;
  }

  /** Creates the label's types; the from→to one first. */
  create(from: string, to: string, name: string, label: string, inverseLabel: string | undefined): AssociationType[] {
    const forward: CustomType = { typeId: this.nextId++, from, to, name, label, reverse: 0 };
    if (from === to && inverseLabel === undefined) {
      forward.reverse = forward.typeId;
      this.custom.set(forward.typeId, forward);
      return [{ typeId: forward.typeId, label, category: 'USER_DEFINED' }];
    }
    const back: CustomType = { typeId: this.nextId++, from: to, to: from, name, label: inverseLabel ?? label, reverse: forward.typeId };
    forward.reverse = back.typeId;
    this.custom.set(forward.typeId, forward);
    this.custom.set(back.typeId, back);
    return [forward, back].map((c) => ({ typeId: c.typeId, label: c.label, category: 'USER_DEFINED' }));
  }

  /** Renames a custom from→to type; its reverse follows (to `inverseLabel` when given). */
  rename(typeId: number, label: string, inverseLabel: string | undefined): void {
    const c = this.custom.get(typeId);
    if (!c) return;
    const back = this.custom.get(c.reverse);
    c.label = label;
    if (back && back !== c) back.label = inverseLabel ?? label;
  }

  /** Removes a custom type and its reverse; returns both ids. */
  remove(typeId: number): number[] {
    const c = this.custom.get(typeId);
    if (!c) return [];
    this.custom.delete(typeId);
    this.custom.delete(c.reverse);
    return [...new Set([typeId, c.reverse])];
  }

  clear(): void {
    this.custom.clear();
  }
}
