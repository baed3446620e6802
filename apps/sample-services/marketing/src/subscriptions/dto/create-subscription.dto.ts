import { ArrayMaxSize, ArrayMinSize, IsArray, IsEmail, Matches, MaxLength } from 'class-validator';

export class CreateSubscriptionDto {
  @IsEmail()
  @MaxLength(320)
  email: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @Matches(/^[a-z0-9-]{1,40}$/, { each: true, message: 'each topic must be 1-40 of a-z, 0-9 and -' })
  topics: string[];
}
