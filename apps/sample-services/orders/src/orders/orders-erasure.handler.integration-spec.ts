import { createHandlerTestBed, HandlerTestBed } from '../../../shared/testing/handler-test-bed';
import { ORDERS_SCHEMA } from '../database/orders-schema';
import { CreateOrderDto } from './dto/create-order.dto';
import { ORDER_RETENTION, OrdersErasureHandler } from './orders-erasure.handler';
import { OrdersService } from './orders.service';

const order = (overrides: Partial<CreateOrderDto> = {}): CreateOrderDto => ({
  email: 'ada@example.org',
  customerName: 'Ada Lovelace',
  shippingAddress: '12 St James’s Square, London',
  phone: '+442071838750',
  totalCents: 4_250,
  currency: 'GBP',
  ...overrides,
});

describe(OrdersErasureHandler.name, () => {
  let bed: HandlerTestBed;
  let orders: OrdersService;

  beforeEach(async () => {
    bed = await createHandlerTestBed('orders', ORDERS_SCHEMA, [OrdersErasureHandler, OrdersService]);
    orders = bed.moduleRef.get(OrdersService);
  });

  afterEach(async () => {
    await bed?.close();
  });

  it('anonymises the orders found by email or user id and reports them retained under a legal basis', async () => {
    const byEmail = await orders.create(order({ email: 'Ada@Example.org' }));
    const byUserId = await orders.create(order({ email: 'ada.work@example.org', userId: 'u-ada' }));
    const bystander = await orders.create(
      order({ email: 'grace@example.org', customerName: 'Grace Hopper' }),
    );

    await expect(
      bed.harness.run({
        identities: [
          { type: 'email', value: 'ada@example.org' },
          { type: 'user_id', value: 'u-ada' },
        ],
      }),
    ).resolves.toMatchObject({
      outcome: 'retained',
      recordsAffected: 2,
      retention: { basis: 'gdpr-art17-3b-legal-obligation', note: ORDER_RETENTION.note },
    });

    for (const kept of [byEmail, byUserId]) {
      const after = await orders.get(kept.id);
      expect(after).toEqual({
        ...kept,
        userId: null,
        email: null,
        customerName: null,
        shippingAddress: null,
        phone: null,
        anonymisedAt: expect.any(String),
      });
    }
    await expect(orders.get(bystander.id)).resolves.toEqual(bystander);
    await expect(orders.find({ email: 'ada@example.org' })).resolves.toEqual([]);
  });

  it('is idempotent: a second command finds nothing left to anonymise', async () => {
    await orders.create(order());
    const identities = [{ type: 'email' as const, value: 'ada@example.org' }];
    await expect(bed.harness.run({ identities })).resolves.toMatchObject({ outcome: 'retained' });
    await expect(bed.harness.run({ identities })).resolves.toMatchObject({
      outcome: 'not_found',
      recordsAffected: 0,
    });
  });

  it('reports what it would retain in a dry run and changes nothing', async () => {
    const placed = await orders.create(order());
    await expect(
      bed.harness.run({ dryRun: true, identities: [{ type: 'email', value: 'ada@example.org' }] }),
    ).resolves.toMatchObject({
      outcome: 'retained',
      recordsAffected: 1,
      retention: { basis: ORDER_RETENTION.basis, note: ORDER_RETENTION.dryRunNote },
    });
    await expect(orders.get(placed.id)).resolves.toEqual(placed);
  });

  it('reports not_found for a person without orders', async () => {
    await orders.create(order());
    await expect(
      bed.harness.run({ identities: [{ type: 'email', value: 'nobody@example.org' }] }),
    ).resolves.toMatchObject({ outcome: 'not_found', recordsAffected: 0 });
  });
});
