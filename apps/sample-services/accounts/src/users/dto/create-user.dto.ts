import { IsBoolean, IsEmail, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class CreateUserDto {
  @IsEmail()
  @MaxLength(320)
  email: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @IsOptional()
  @IsString()
  @MaxLength(32)
  phone?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  bio?: string;

  /**
   * The person signs up again themselves, knowing they asked to be erased before. Without it, an email on the
   * suppression list is refused, so a replay or a restored backup cannot bring an erased person back.
   */
  @IsOptional()
  @IsBoolean()
  signUpAgain?: boolean;
}
