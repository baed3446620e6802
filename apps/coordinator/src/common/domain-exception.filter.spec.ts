import { ArgumentsHost, HttpStatus } from '@nestjs/common';
import { FILTER_CATCH_EXCEPTIONS } from '@nestjs/common/constants';
import { domainExceptionFilter } from './domain-exception.filter';
import { DomainException } from './domain.exception';

enum ParcelErrorCode {
  NotFound = 'PARCEL_NOT_FOUND',
  Lost = 'PARCEL_LOST',
}

class ParcelException extends DomainException<ParcelErrorCode> {}

function statusOf(code: ParcelErrorCode): HttpStatus {
  switch (code) {
    case ParcelErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case ParcelErrorCode.Lost:
      return HttpStatus.UNPROCESSABLE_ENTITY;
  }
}

class ParcelExceptionFilter extends domainExceptionFilter(ParcelException, statusOf) {}

function hostRecording() {
  const json = jest.fn();
  const status = jest.fn(() => ({ json }));
  const host = {
    switchToHttp: () => ({ getResponse: () => ({ status }) }),
  } as unknown as ArgumentsHost;
  return { host, status, json };
}

describe(domainExceptionFilter.name, () => {
  it("catches only the feature's exception, also through the feature's named subclass", () => {
    expect(Reflect.getMetadata(FILTER_CATCH_EXCEPTIONS, ParcelExceptionFilter)).toEqual([ParcelException]);
  });

  it("writes Nest's error shape with the feature's status, code and whether a retry can help", () => {
    const { host, status, json } = hostRecording();
    new ParcelExceptionFilter().catch(
      new ParcelException(ParcelErrorCode.Lost, 'the parcel is lost', true),
      host,
    );
    expect(status).toHaveBeenCalledWith(422);
    expect(json).toHaveBeenCalledWith({
      statusCode: 422,
      error: 'Unprocessable Entity',
      message: 'the parcel is lost',
      code: 'PARCEL_LOST',
      retriable: true,
    });
  });

  it('says a domain error is not retriable unless it was marked so', () => {
    const { host, json } = hostRecording();
    new ParcelExceptionFilter().catch(new ParcelException(ParcelErrorCode.NotFound, 'no such parcel'), host);
    expect(json).toHaveBeenCalledWith(
      expect.objectContaining({ statusCode: 404, error: 'Not Found', retriable: false }),
    );
  });
});
