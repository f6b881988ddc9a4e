// Sage 300 runs the kit's conformance suite against its sandbox (HTTPS refusal and pinning included).
import { describeConformance } from '../kit/testing/suite.ts';
import { sage300Manifest } from './index.ts';

describeConformance({
  manifest: sage300Manifest,
  tls: true,
  destinations: {
    arCustomers: {
      idProperty: 'CustomerNumber',
      makeRecord: (i) => ({ sourceId: `conf-${i}`, properties: { CustomerNumber: `CONF${String(i).padStart(4, '0')}`, GroupCode: 'RTL', CustomerName: `Conformance Café ${i} — Zoë’s` } }),
      badRecord: { sourceId: 'conf-bad', properties: { CustomerNumber: 'CONFBAD', GroupCode: 'NOPE', CustomerName: 'Bad group' } },
    },
    apVendors: {
      idProperty: 'VendorNumber',
      makeRecord: (i) => ({ sourceId: `conf-v-${i}`, properties: { VendorNumber: `CONFV${String(i).padStart(4, '0')}`, GroupCode: 'INV', VendorName: `Conformance Supply ${i} — Zoë’s` } }),
      badRecord: { sourceId: 'conf-v-bad', properties: { VendorName: 'No vendor number' } },
    },
    oeOrders: {
      idProperty: 'OrderReference',
      makeRecord: (i) => ({
        sourceId: `conf-deal-${i}`,
        properties: { CustomerNumber: 'C000004', OrderDescription: `Conformance deal ${i}`, OrderDate: '2025-06-02' },
        lines: [{ Item: 'A1-105/0', Location: '1', QuantityOrdered: i + 1, PricingUnitPrice: 149.5 }],
      }),
    },
  },
});
