import { Matches } from 'class-validator';

/** `:userId` in the cart routes; restricted so it can always be part of a Redis key. */
export class CartOwnerParams {
  @Matches(/^[A-Za-z0-9._-]{1,200}$/, { message: 'userId must be 1-200 letters, digits, ".", "_" or "-"' })
  userId: string;
}
