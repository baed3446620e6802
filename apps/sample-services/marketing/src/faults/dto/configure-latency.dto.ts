import { IsInt, Max, Min } from 'class-validator';

/** `POST /admin/latency`: make every erasure handler call take `ms` longer (0 restores speed). */
export class ConfigureLatencyDto {
  @IsInt()
  @Min(0)
  @Max(600_000)
  ms: number;
}
