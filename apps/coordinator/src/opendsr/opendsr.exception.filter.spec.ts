import { HttpStatus } from '@nestjs/common';
import { ErasureRequestErrorCode } from '../requests/erasure-request.exception';
import { intakeStatusOf, openDsrStatusOf } from './opendsr.exception.filter';
import { OpenDsrErrorCode } from './opendsr.exception';

describe('OpenDSR error statuses', () => {
  it('answers refused requests with 400, as the spec wants, and an unknown id with 404', () => {
    expect(Object.values(OpenDsrErrorCode).map((code) => [code, openDsrStatusOf(code)])).toEqual([
      [OpenDsrErrorCode.InvalidRequest, HttpStatus.BAD_REQUEST],
      [OpenDsrErrorCode.UnsupportedRequestType, HttpStatus.BAD_REQUEST],
      [OpenDsrErrorCode.DuplicateRequestId, HttpStatus.BAD_REQUEST],
      [OpenDsrErrorCode.NotFound, HttpStatus.NOT_FOUND],
      [OpenDsrErrorCode.NotCancellable, HttpStatus.BAD_REQUEST],
      [OpenDsrErrorCode.NotConfigured, HttpStatus.SERVICE_UNAVAILABLE],
    ]);
  });

  it('maps every intake error, with no registered service as temporarily unavailable', () => {
    for (const code of Object.values(ErasureRequestErrorCode)) expect(intakeStatusOf(code)).toBeDefined();
    expect(intakeStatusOf(ErasureRequestErrorCode.NoServicesRegistered)).toBe(HttpStatus.SERVICE_UNAVAILABLE);
    expect(intakeStatusOf(ErasureRequestErrorCode.NotFound)).toBe(HttpStatus.NOT_FOUND);
  });
});
