import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const USER_ROLES = ['admin', 'reviewer'] as const;
export type UserRole = (typeof USER_ROLES)[number];

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stored lower-cased; the unique index makes e-mail addresses case-insensitive. */
  @Column({ type: 'text', unique: true })
  email!: string;

  @Column({ name: 'display_name', type: 'text', default: '' })
  displayName!: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ type: 'text' })
  role!: UserRole;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  /** Raised to end every session at once; access and refresh tokens carry the epoch they were issued in. */
  @Column({ name: 'session_epoch', type: 'integer', default: 0 })
  sessionEpoch!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
