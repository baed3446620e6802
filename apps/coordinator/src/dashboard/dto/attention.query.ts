import { PageLimit } from '../../common/page-query.decorators';

export class AttentionQuery {
  @PageLimit({ max: 100, default: 10 })
  limit?: number;
}
