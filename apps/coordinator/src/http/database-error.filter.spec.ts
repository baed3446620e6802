import { ArgumentsHost, HttpServer, Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { DatabaseErrorFilter } from './database-error.filter';

/** A pg error as TypeORM wraps it; PostgreSQL's message quotes the offending value. */
function queryFailed(code: string): QueryFailedError {
  const driverError = Object.assign(new Error('invalid input syntax for type uuid: "ada@example.org"'), {
    code,
  });
  return new QueryFailedError('SELECT 1 WHERE id = $1', ['ada@example.org'], driverError);
}

function httpHost() {
  const sent: { status?: number; body?: unknown } = {};
  const response = {
    status(code: number) {
      sent.status = code;
      return response;
    },
    json(body: unknown) {
      sent.body = body;
      return response;
    },
  };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getResponse: () => response, getRequest: () => ({}) }),
    getArgByIndex: (index: number) => [{}, response][index],
    getArgs: () => [{}, response],
  } as unknown as ArgumentsHost;
  return { host, sent, response };
}

describe(DatabaseErrorFilter.name, () => {
  const replies: { body: unknown; status?: number }[] = [];
  const server = {
    reply: (_response: unknown, body: unknown, status?: number) => replies.push({ body, status }),
    isHeadersSent: () => false,
    end: () => undefined,
  } as unknown as HttpServer;
  const filter = new DatabaseErrorFilter(server);

  beforeEach(() => {
    replies.length = 0;
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it.each([
    ['22P02', 400],
    ['22P05', 400],
    ['22021', 400],
    ['22003', 400],
    ['22001', 400],
    ['23505', 409],
  ])('answers SQLSTATE %s with %d and a reason, never the value', (code, status) => {
    const { host, sent } = httpHost();
    filter.catch(queryFailed(code), host);
    expect(sent.status).toBe(status);
    expect(sent.body).toMatchObject({ statusCode: status, code: `DATABASE_${code}`, retriable: false });
    expect((sent.body as { message: string }).message).toMatch(/^the request was refused: /);
    expect(JSON.stringify(sent.body)).not.toContain('ada@example.org');
  });

  it('leaves errors that are not bad input to Nest: a 500 that says nothing of the query', () => {
    const { host, sent } = httpHost();
    filter.catch(queryFailed('40P01'), host);
    expect(sent.status).toBeUndefined();
    expect(replies).toEqual([{ body: { statusCode: 500, message: 'Internal server error' }, status: 500 }]);
  });
});
