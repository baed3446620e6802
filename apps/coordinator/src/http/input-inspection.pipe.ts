import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import { describeInputProblem, inspectInput } from '../common/input-inspection';

const WHERE: Partial<Record<ArgumentMetadata['type'], string>> = {
  body: 'body',
  query: 'query',
  param: 'path parameter',
};

/**
 * Runs before validation on every body, query and path parameter a route reads, so a NUL character or absurd
 * nesting is one 400 at the edge instead of a PostgreSQL error (or a stack overflow) somewhere inside.
 */
@Injectable()
export class InputInspectionPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const where = WHERE[metadata.type];
    if (where === undefined) return value;
    const problem = inspectInput(value);
    if (problem) {
      const path = metadata.type === 'param' && metadata.data ? metadata.data : problem.path;
      throw new BadRequestException(describeInputProblem(where, { ...problem, path }));
    }
    return value;
  }
}
