import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
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

@Injectable()
export class UsersService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(input: CreateUserDto): Promise<UserView> {
    const user: UserEntity = {
      id: randomUUID(),
      email: input.email.trim().toLowerCase(),
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
