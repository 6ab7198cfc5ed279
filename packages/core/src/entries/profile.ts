/** `@cairn/core/profile` — progressive profiling: the plan, profile stores (memory, IndexedDB), the consent gate, retention and migration. */
export { entryTime, mergeProfiles } from '../profile/profile.js';
export type { ProfileStore, StorageProblem } from '../profile/profile.js';
export { createMemoryProfileStore } from '../profile/memory-store.js';
export { createIdbProfileStore, forgetEverything, profileDbName } from '../profile/idb-store.js';
export type { IdbProfileStoreOptions } from '../profile/idb-store.js';
export { createConsentGate } from '../profile/consent-gate.js';
export type { ConsentGate } from '../profile/consent-gate.js';
export { purgeExpired, isStale } from '../profile/retention.js';
export { migrateProfile } from '../profile/migrate.js';
export { planProfiling } from '../profile/plan.js';
export type { PlanOptions, ProfilingPlan } from '../profile/plan.js';
