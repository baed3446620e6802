/** A shopper's cart, stored as one JSON value per user; `email` is what the cart can also be found by. */
export interface Cart {
  userId: string;
  email: string;
  items: CartItem[];
  updatedAt: string;
}

export interface CartItem {
  sku: string;
  quantity: number;
}
