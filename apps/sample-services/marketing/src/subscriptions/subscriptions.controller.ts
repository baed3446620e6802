import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CreateSubscriptionDto } from './dto/create-subscription.dto';
import { SubscriptionsService, SubscriptionView } from './subscriptions.service';

/** A tiny API to subscribe to the newsletter, and watch the subscription disappear after erasure. */
@Controller('subscriptions')
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Post()
  subscribe(@Body() body: CreateSubscriptionDto): Promise<SubscriptionView> {
    return this.subscriptions.subscribe(body);
  }

  @Get()
  async find(@Query('email') email = ''): Promise<{ items: SubscriptionView[] }> {
    return { items: email ? await this.subscriptions.findByEmail(email) : [] };
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<SubscriptionView> {
    return this.subscriptions.get(id);
  }
}
