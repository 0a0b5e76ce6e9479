// Who a store's hub will report in one step: the regulars already present (seen again and
// again, as a real store's beacons hear the people inside) and the customers arriving (each
// not yet present, each used once, so each yields exactly one `arrived`), with the rolling IDs
// their wearables broadcast. Derived before the step starts, not while it is measured.
import type { ResolverEntry } from "../services/identity/src/domain/resolver-window.js";
import type { HubSpec } from "./messages.js";
import type { Population } from "./population.js";

export type PlannedCustomer = { readonly pseudonym: string; readonly entries: readonly ResolverEntry[] };

export type StorePlan = {
  readonly hub: HubSpec;
  readonly regulars: readonly PlannedCustomer[];
  readonly arrivals: readonly PlannedCustomer[];
};

function planned(population: Population, index: number): PlannedCustomer {
  return { pseudonym: population.pseudonym(index), entries: population.resolverEntries(index) };
}

export function planStore(population: Population, hub: HubSpec, regularCount: number, arrivalCount: number): StorePlan {
  const brandIndex = population.spec.brandIds.indexOf(hub.brandId);
  if (brandIndex < 0) throw new Error(`store ${hub.storeId} belongs to a brand the population does not know`);
  const customers = population.customersOfBrand(brandIndex);
  const regularKs = new Set<number>();
  const wanted = Math.min(regularCount, customers);
  while (regularKs.size < wanted) regularKs.add(Math.floor(Math.random() * customers));
  // Arrivals walk the brand's customers from a random point, skipping this store's regulars.
  const arrivalKs: number[] = [];
  const start = Math.floor(Math.random() * customers);
  for (let step = 0; step < customers && arrivalKs.length < arrivalCount; step += 1) {
    const k = (start + step) % customers;
    if (!regularKs.has(k)) arrivalKs.push(k);
  }
  return {
    hub,
    regulars: [...regularKs].map((k) => planned(population, population.customerOfBrand(brandIndex, k))),
    arrivals: arrivalKs.map((k) => planned(population, population.customerOfBrand(brandIndex, k))),
  };
}
