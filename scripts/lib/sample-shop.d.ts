// Types for sample-shop.js, so the end-to-end tests seed the shop exactly as the demo does.
export interface ShopCustomer {
  email: string;
  name: string;
  phone: string;
  bio: string;
  address: string;
  order: { totalCents: number; currency: string };
  cart: { sku: string; quantity: number }[];
  topics: string[];
}

/** Where a customer's data can be found again: their account id and their orders' ids. */
export interface SeededCustomer {
  userId: string;
  orderIds: string[];
}

export const DEMO_CUSTOMERS: ShopCustomer[];
export function seedCustomer(
  url: (service: string) => string,
  customer: ShopCustomer,
): Promise<SeededCustomer>;
export function describeCustomer(
  url: (service: string) => string,
  customer: ShopCustomer,
  seeded: SeededCustomer,
): Promise<string[]>;

/** Base URLs of the sample vendors' stores: the CRM (webhook) vendor and the newsletter (OpenDSR) vendor's marketing. */
export interface VendorUrls {
  crm: string;
  newsletter: string;
}
export function seedAtVendors(vendors: VendorUrls, customer: ShopCustomer): Promise<void>;
export function describeAtVendors(vendors: VendorUrls, customer: ShopCustomer): Promise<string[]>;
