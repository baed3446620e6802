import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CreateUserDto } from './dto/create-user.dto';
import { UsersService, UserView } from './users.service';

/** A tiny API so a person can watch their account appear, and disappear after erasure. */
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  create(@Body() body: CreateUserDto): Promise<UserView> {
    return this.users.create(body);
  }

  @Get()
  async find(@Query('email') email = ''): Promise<{ items: UserView[] }> {
    return { items: email ? await this.users.findByEmail(email) : [] };
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<UserView> {
    return this.users.get(id);
  }
}
