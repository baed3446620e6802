import { ArrayMaxSize, IsArray, IsEmail } from 'class-validator';

/** `POST /admin/hangs`: erasures of these people never return until the list is replaced (`[]` lets them go on). */
export class ConfigureHangsDto {
  @IsArray()
  @ArrayMaxSize(1000)
  @IsEmail({}, { each: true })
  emails: string[];
}
