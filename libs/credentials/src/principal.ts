/** Who a bearer is, as every service sees it. */
export type Principal =
  | { readonly kind: "customer"; readonly customerId: string }
  | { readonly kind: "brand"; readonly brandId: string }
  | {
      readonly kind: "store";
      readonly brandId: string;
      readonly storeId: string;
      readonly location: { readonly latitude: number; readonly longitude: number };
    };
