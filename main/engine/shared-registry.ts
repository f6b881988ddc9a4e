// Process-wide keyed singletons (rate limiters, sessions, ERP request gates) shared across flows: the kit's one registry.
export { createSharedRegistry } from '../../connectors/kit/registry.ts';
