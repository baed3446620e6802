import { Injectable } from '@nestjs/common';

/** The time source; tests substitute one they can move, so deadline logic runs instantly. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
