import { Column, Entity, Index, OneToOne, PrimaryColumn, type Relation } from 'typeorm';
import { ProfileEntity } from './profile.entity';

@Entity('users')
export class UserEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Index('ux_users_email', { unique: true })
  @Column({ type: 'varchar', length: 320 })
  email: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @OneToOne(() => ProfileEntity, (profile) => profile.user)
  profile?: Relation<ProfileEntity>;
}
