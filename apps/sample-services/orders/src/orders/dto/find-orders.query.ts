import { IsEmail, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

/** `GET /orders?email=…` or `?userId=…`: the orders a customer can still be found by. */
export class FindOrdersQuery {
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  email?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  userId?: string;
}
