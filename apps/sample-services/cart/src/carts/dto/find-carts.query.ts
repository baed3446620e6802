import { IsEmail, MaxLength } from 'class-validator';

export class FindCartsQuery {
  @IsEmail()
  @MaxLength(320)
  email: string;
}
