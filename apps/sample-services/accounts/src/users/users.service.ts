import { ConflictException, Inject, Injectable, NotFoundException, Optional } from '@nestjs/common';
import { SuppressionChecker } from '@lethe/deletion-sdk/client';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { isUniqueViolation } from '../../../shared/sample-database';
import { CreateUserDto } from './dto/create-user.dto';
import { ProfileEntity } from './profile.entity';
import { UserEntity } from './user.entity';

export interface UserView {
  id: string;
  email: string;
  name: string;
  phone: string | null;
  bio: string | null;
  createdAt: string;
}

/** The SDK's suppression check, when the service is configured with one. */
export const SUPPRESSION_CHECKER = Symbol('SUPPRESSION_CHECKER');

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Optional() @Inject(SUPPRESSION_CHECKER) private readonly suppression?: SuppressionChecker | null,
  ) {}

  async create(input: CreateUserDto): Promise<UserView> {
    const email = input.email.trim().toLowerCase();
    if (
      this.suppression &&
      !input.signUpAgain &&
      (await this.suppression.isSuppressed({ type: 'email', value: email }))
    ) {
      throw new ConflictException(
        'this email belongs to a person who asked to be erased; create the account only if they sign up again ' +
          'themselves (signUpAgain: true)',
      );
    }
    const user: UserEntity = {
      id: randomUUID(),
      email,
      name: input.name,
      createdAt: new Date(),
    };
    try {
      await this.dataSource.transaction(async (manager) => {
        await manager.getRepository(UserEntity).insert(user);
        await manager
          .getRepository(ProfileEntity)
          .insert({ userId: user.id, phone: input.phone ?? null, bio: input.bio ?? null });
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictException('a user with this email already exists');
      }
      throw error;
    }
    return this.get(user.id);
  }

  async get(id: string): Promise<UserView> {
    const user = await this.dataSource
      .getRepository(UserEntity)
      .findOne({ where: { id }, relations: { profile: true } });
    if (!user) throw new NotFoundException(`user ${id} does not exist`);
    return toView(user);
  }

  async findByEmail(email: string): Promise<UserView[]> {
    const users = await this.dataSource
      .getRepository(UserEntity)
      .find({ where: { email: email.trim().toLowerCase() }, relations: { profile: true } });
    return users.map(toView);
  }
}

function toView(user: UserEntity): UserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    phone: user.profile?.phone ?? null,
    bio: user.profile?.bio ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}
