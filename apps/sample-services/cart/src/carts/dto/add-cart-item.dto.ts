import { IsEmail, IsInt, Matches, Max, MaxLength, Min } from 'class-validator';

export class AddCartItemDto {
  /** The shopper's email; their cart can also be found, and erased, by it. */
  @IsEmail()
  @MaxLength(320)
  email: string;

  @Matches(/^[A-Za-z0-9-]{1,40}$/, { message: 'sku must be 1-40 letters, digits or -' })
  sku: string;

  @IsInt()
  @Min(1)
  @Max(99)
  quantity: number;
}
