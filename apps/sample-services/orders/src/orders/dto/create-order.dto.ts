import {
  IsEmail,
  IsInt,
  IsISO4217CurrencyCode,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

export class CreateOrderDto {
  @IsEmail()
  @MaxLength(320)
  email: string;

  /** The customer's id in the accounts service, when they ordered signed in. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  userId?: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  customerName: string;

  @IsString()
  @MinLength(1)
  @MaxLength(500)
  shippingAddress: string;

  @IsOptional()
  @IsString()
  @MaxLength(32)
  phone?: string;

  @IsInt()
  @Min(0)
  @Max(100_000_000)
  totalCents: number;

  @IsISO4217CurrencyCode()
  currency: string;
}
