import { HttpStatus } from '@nestjs/common';
import { httpStatusOf } from './registry.exception.filter';
import { RegistryErrorCode } from './registry.exception';

describe(httpStatusOf.name, () => {
  it.each(Object.values(RegistryErrorCode))('maps %s to a 4xx or 503, never a 500', (code) => {
    const status = httpStatusOf(code);
    expect(status === HttpStatus.SERVICE_UNAVAILABLE || (status >= 400 && status < 500)).toBe(true);
  });

  it('tells a missing thing (404) from a state conflict (409) from an inconsistent confirmation (422)', () => {
    expect(httpStatusOf(RegistryErrorCode.ServiceNotFound)).toBe(HttpStatus.NOT_FOUND);
    expect(httpStatusOf(RegistryErrorCode.ServiceAlreadyRetired)).toBe(HttpStatus.CONFLICT);
    expect(httpStatusOf(RegistryErrorCode.InvalidConfirmation)).toBe(HttpStatus.UNPROCESSABLE_ENTITY);
  });
});
