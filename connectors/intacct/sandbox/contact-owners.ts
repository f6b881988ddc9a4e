// Whether editing a CONTACT moves the WHENMODIFIED of the vendors and customers that use it (in any of
// their contact groups) is not verified for real Intacct (spec §5.5: WHENMODIFIED is not a perfect change
// feed), so it is the switch `contactEditTouchesVendor`; 'no' (the default) leaves them as they were.
import { OBJECTS } from './objects.ts';
import type { Store } from './store.ts';
import type { Switches } from './switches.ts';

/** Stamps every VENDOR and CUSTOMER naming the contact with `at`, when the switch says Intacct does. */
export function touchContactOwners(store: Store, switches: Pick<Switches, 'contactEditTouchesVendor'>, contactName: string, at: number): void {
  if (switches.contactEditTouchesVendor !== 'yes') return;
  for (const def of [OBJECTS.VENDOR!, OBJECTS.CUSTOMER!]) {
    for (const row of store.rows(def.name)) {
      if ((def.contactGroups ?? []).some((g) => row[`${g}.CONTACTNAME`] === contactName)) store.update(def, row, {}, at);
    }
  }
}
