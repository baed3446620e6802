/**
 * The cart service's Redis keys, all under one prefix: `<prefix>:user:<userId>` holds a cart, and
 * `<prefix>:email:<email>` holds the id of the user whose cart that email finds.
 */
export class CartKeys {
  constructor(private readonly prefix: string) {}

  cart(userId: string): string {
    return `${this.prefix}:user:${userId}`;
  }

  emailIndex(email: string): string {
    return `${this.prefix}:email:${email}`;
  }
}
